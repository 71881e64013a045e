using Npgsql;

namespace OrleansHa.Journals;

/// <summary>
/// One transaction's changes to a scope's copy of the records, applied in memory and written with a handful of
/// statements, whatever the batch's size. The records a batch touches are read once up front (one query); each change
/// is then decided by <see cref="RecordApplier"/> against the copy as the earlier changes of the batch left it (a key
/// may appear twice); at the end each touched key gets its final row (or none), and the history, entries and activity
/// rows go in as arrays (<c>unnest</c>), in order, so identity ids follow the batch's order. The caller holds the
/// scope's row lock, so nothing else changes these records meanwhile.
/// </summary>
internal sealed class PostgresRecordBatch(long scope, long now)
{
    private readonly Dictionary<string, JournalRecord?> _current = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string? Json, long Ticks)> _final = new(StringComparer.Ordinal);
    private readonly List<string> _historyKeys = [];
    private readonly List<long?> _historySeqs = [];
    private readonly List<short> _historyKinds = [];
    private readonly List<long> _historyTs = [];
    private readonly List<string?> _historyFields = [];
    private readonly List<short> _historyOutcomes = [];
    private readonly List<long> _entrySeqs = [];
    private readonly List<string> _entryKeys = [];
    private readonly List<short> _entryKinds = [];
    private readonly List<long> _entryTs = [];
    private readonly List<string?> _entryFields = [];
    private readonly List<long> _entryEpochs = [];
    private readonly List<ActivityRow> _activity = [];

    private static readonly Dictionary<string, string?> NoFields = new(StringComparer.Ordinal);

    /// <summary>The query that reads the records <paramref name="changes"/> touch: key, ts, and fields when <paramref name="withFields"/>.</summary>
    public static NpgsqlBatchCommand LoadCommand(long scope, IEnumerable<JournalChange> changes, bool withFields)
    {
        var keys = changes.Select(c => c.Key).Distinct(StringComparer.Ordinal).ToArray();
        var command = new NpgsqlBatchCommand(withFields
            ? "SELECT key, ts, fields FROM records WHERE scope = $1 AND key = ANY($2)"
            : "SELECT key, ts, NULL FROM records WHERE scope = $1 AND key = ANY($2)");
        command.Parameters.Add(new NpgsqlParameter { Value = scope });
        command.Parameters.Add(new NpgsqlParameter { Value = keys });
        return command;
    }

    /// <summary>Reads the rows of <see cref="LoadCommand"/>. Put and Delete decide on the timestamp alone, so without fields a record's come back empty.</summary>
    public async Task LoadAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = reader.GetString(0);
            var fields = reader.IsDBNull(2) ? NoFields : FieldsJson.Read(reader.GetString(2));
            _current[key] = new JournalRecord(key, fields, new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero));
        }
    }

    /// <summary>History rows so far (one per change).</summary>
    public int HistoryCount => _historyKeys.Count;

    /// <summary>
    /// Applies one change to the copy, as <see cref="SqliteJournalStore"/> does: on a local journal
    /// <paramref name="journalDecision"/> says whether an applied change is journaled (history gets
    /// <paramref name="sequence"/>) or filtered; a rejected or filtered local change has no sequence. On a remote journal
    /// (no decision) every entry keeps its sequence, rejected or not. Returns what happened and the record before.
    /// </summary>
    public async Task<(ApplyResult Result, JournalRecord? Stored)> ApplyAsync(
        JournalChange change, string? changeJson, long sequence, Func<JournalRecord?, Task<bool>>? journalDecision)
    {
        _current.TryGetValue(change.Key, out var stored);
        var result = RecordApplier.Apply(stored, change);
        var outcome = result.Outcome;
        long? historySequence = sequence;
        if (journalDecision is not null)
        {
            if (RecordApplier.IsRejection(outcome))
            {
                historySequence = null;
            }
            else if (!await journalDecision(stored))
            {
                outcome = ChangeOutcome.Filtered;
                historySequence = null;
            }
        }

        switch (result.Write)
        {
            case RecordWrite.Upsert:
                // A Put, or a Patch that inserts, stores exactly the change's fields: reuse their JSON.
                var json = result.Outcome == ChangeOutcome.Patched ? FieldsJson.Write(result.Record!.Fields) : changeJson;
                _current[change.Key] = result.Record;
                _final[change.Key] = (json ?? "{}", result.Record!.Timestamp.UtcTicks);
                break;
            case RecordWrite.Remove:
                _current[change.Key] = null;
                _final[change.Key] = (null, 0);
                break;
        }

        _historyKeys.Add(change.Key);
        _historySeqs.Add(historySequence);
        _historyKinds.Add((short)change.Kind);
        _historyTs.Add(change.Timestamp.UtcTicks);
        _historyFields.Add(changeJson);
        _historyOutcomes.Add((short)outcome);
        return (result with { Outcome = outcome }, stored);
    }

    /// <summary>Keeps a journaled change in the recovery file, stamped with the journal's <paramref name="epoch"/>.</summary>
    public void AddEntry(long sequence, JournalChange change, string? changeJson, long epoch)
    {
        _entryEpochs.Add(epoch);
        _entrySeqs.Add(sequence);
        _entryKeys.Add(change.Key);
        _entryKinds.Add((short)change.Kind);
        _entryTs.Add(change.Timestamp.UtcTicks);
        _entryFields.Add(changeJson);
    }

    /// <summary>Adds an activity line of this scope.</summary>
    public void AddActivity(DateTimeOffset at, string? system, string? key, long? first, long? last, ActivityKind kind, string detail)
        => _activity.Add(new ActivityRow(at.UtcTicks, system, key, first, last, (short)kind, detail));

    /// <summary>Adds the statements that write everything collected so far to <paramref name="batch"/>.</summary>
    public void WriteTo(NpgsqlBatch batch)
    {
        var upserts = _final.Where(f => f.Value.Json is not null).ToList();
        if (upserts.Count > 0)
        {
            batch.BatchCommands.Add(Command(
                """
                INSERT INTO records (scope, key, fields, ts) SELECT $1, k, f, t FROM unnest($2::text[], $3::text[], $4::bigint[]) AS u(k, f, t)
                ON CONFLICT (scope, key) DO UPDATE SET fields = excluded.fields, ts = excluded.ts
                """,
                scope, upserts.Select(u => u.Key).ToArray(), upserts.Select(u => u.Value.Json).ToArray(), upserts.Select(u => u.Value.Ticks).ToArray()));
        }

        var removals = _final.Where(f => f.Value.Json is null).Select(f => f.Key).ToArray();
        if (removals.Length > 0)
        {
            batch.BatchCommands.Add(Command("DELETE FROM records WHERE scope = $1 AND key = ANY($2)", scope, removals));
        }

        if (_historyKeys.Count > 0)
        {
            batch.BatchCommands.Add(Command(
                """
                INSERT INTO history (scope, key, seq, kind, ts, fields, outcome, at)
                SELECT $1, k, s, kd, t, f, o, $8 FROM unnest($2::text[], $3::bigint[], $4::smallint[], $5::bigint[], $6::text[], $7::smallint[])
                    WITH ORDINALITY AS u(k, s, kd, t, f, o, n) ORDER BY n
                """,
                scope, _historyKeys.ToArray(), _historySeqs.ToArray(), _historyKinds.ToArray(), _historyTs.ToArray(), _historyFields.ToArray(),
                _historyOutcomes.ToArray(), now));
        }

        if (_entrySeqs.Count > 0)
        {
            batch.BatchCommands.Add(Command(
                "INSERT INTO entries (scope, seq, key, kind, ts, fields, epoch) SELECT $1, s, k, kd, t, f, ep FROM unnest($2::bigint[], $3::text[], $4::smallint[], $5::bigint[], $6::text[], $7::bigint[]) AS u(s, k, kd, t, f, ep)",
                scope, _entrySeqs.ToArray(), _entryKeys.ToArray(), _entryKinds.ToArray(), _entryTs.ToArray(), _entryFields.ToArray(), _entryEpochs.ToArray()));
        }

        if (_activity.Count > 0)
        {
            batch.BatchCommands.Add(ActivityCommand(scope, _activity));
        }
    }

    /// <summary>One statement inserting activity lines of a scope, in order.</summary>
    public static NpgsqlBatchCommand ActivityCommand(long scope, IReadOnlyList<ActivityRow> rows)
        => Command(
            """
            INSERT INTO activity (scope, at, system, key, first_seq, last_seq, kind, detail)
            SELECT $1, a, s, k, f, l, kd, d FROM unnest($2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::smallint[], $8::text[])
                WITH ORDINALITY AS u(a, s, k, f, l, kd, d, n) ORDER BY n
            """,
            scope, rows.Select(r => r.At).ToArray(), rows.Select(r => r.System).ToArray(), rows.Select(r => r.Key).ToArray(),
            rows.Select(r => r.First).ToArray(), rows.Select(r => r.Last).ToArray(), rows.Select(r => r.Kind).ToArray(), rows.Select(r => r.Detail).ToArray());

    /// <summary>A batch command with positional parameters $1, $2, … (null as NULL).</summary>
    public static NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }

    /// <summary>An activity line before it is written.</summary>
    public readonly record struct ActivityRow(long At, string? System, string? Key, long? First, long? Last, short Kind, string Detail);
}
