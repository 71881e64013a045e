using OrleansHa.Roles;

namespace OrleansHa.Journals;

/// <summary>The divergence list (what a former production appended but never shipped) and direct record restores.</summary>
public sealed partial class SqliteJournalStore
{
    /// <inheritdoc/>
    /// <remarks>
    /// The record is written as given (no apply rules: it restores another copy's state), with a history line (a Put at
    /// the record's timestamp, or a Delete now; no sequence) and an activity line of kind <see cref="ActivityKind.Role"/>
    /// on the key carrying <paramref name="reason"/>.
    /// </remarks>
    public Task SetRecordAsync(string scope, string key, JournalRecord? record, string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scope);
        JournalRoleRules.CheckRecord(key, record, reason);
        return WriteAsync(
            $"set record '{key}' of '{scope}'",
            () =>
            {
                var id = ScopeIdForWrite(scope);
                var stored = ReadRecordForWrite(id, key, withFields: false);
                var now = _time.GetUtcNow();
                JournalChange change;
                ChangeOutcome outcome;
                if (record is not null)
                {
                    change = JournalChange.Put(key, record.Timestamp, record.Fields);
                    outcome = stored is null ? ChangeOutcome.Inserted : ChangeOutcome.Replaced;
                    R("""
                        INSERT INTO records (scope, key, fields, ts) VALUES (?1, ?2, ?3, ?4)
                        ON CONFLICT (scope, key) DO UPDATE SET fields = excluded.fields, ts = excluded.ts
                        """).Bind(1, id).Bind(2, key).Bind(3, FieldsToJson(record.Fields) ?? "{}").Bind(4, record.Timestamp.UtcTicks).Execute();
                }
                else
                {
                    change = JournalChange.Delete(key, now);
                    outcome = stored is null ? ChangeOutcome.DeleteOfMissing : ChangeOutcome.Deleted;
                    R("DELETE FROM records WHERE scope = ?1 AND key = ?2").Bind(1, id).Bind(2, key).Execute();
                }

                R("INSERT INTO history (scope, key, seq, kind, ts, fields, outcome, at, id) VALUES (?1, ?2, NULL, ?3, ?4, ?5, ?6, ?7, ?8)")
                    .Bind(8, _schema.NextHistoryId()).Bind(1, id).Bind(2, key).Bind(3, (long)change.Kind).Bind(4, change.Timestamp.UtcTicks)
                    .Bind(5, FieldsToJson(change.Fields)).Bind(6, (long)outcome).Bind(7, now.UtcTicks).Execute();
                InsertActivity(id, now, null, key, null, null, ActivityKind.Role, reason);
                return 0;
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<DivergentEntry>> ListDivergenceAsync(string journal, string? key, int limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(journal);
        JournalRoleRules.CheckLimit(limit);
        return Task.FromResult<IReadOnlyList<DivergentEntry>>(Read($"list the divergence of journal '{journal}'", connection =>
        {
            var listed = new List<DivergentEntry>();
            if (ScopeIdForRead(connection, journal) is { } scope)
            {
                var sql = key is null
                    ? "SELECT seq, key, kind, ts, fields, epoch FROM divergence WHERE scope = $0 AND state = 0 ORDER BY epoch, seq LIMIT $2"
                    : "SELECT seq, key, kind, ts, fields, epoch FROM divergence WHERE scope = $0 AND key = $1 AND state = 0 ORDER BY epoch, seq LIMIT $2";
                using var reader = Q(connection, sql, scope, key ?? string.Empty, limit).ExecuteReader();
                while (reader.Read())
                {
                    listed.Add(new DivergentEntry(journal, reader.GetInt64(0), reader.GetInt64(5), ReadChange(reader, 1)));
                }
            }

            return listed;
        }));
    }

    /// <inheritdoc/>
    public Task<long> CountDivergenceAsync(string? journal, CancellationToken cancellationToken)
        => Task.FromResult(Read(journal is null ? "count the divergence" : $"count the divergence of journal '{journal}'", connection =>
        {
            if (journal is null)
            {
                return (long)Q(connection, "SELECT count(*) FROM divergence WHERE state = 0").ExecuteScalar()!;
            }

            return ScopeIdForRead(connection, journal) is { } scope
                ? (long)Q(connection, "SELECT count(*) FROM divergence WHERE scope = $0 AND state = 0", scope).ExecuteScalar()!
                : 0L;
        }));

    /// <inheritdoc/>
    /// <remarks>
    /// Each sequence closes one open entry: the oldest (by epoch) with that sequence, so a listing of two role changes'
    /// entries that share sequences closes each once. A sequence with no open entry closes nothing.
    /// </remarks>
    public Task<int> ResolveDivergenceAsync(string journal, IReadOnlyList<long> sequences, DivergenceAction action, string by, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(journal);
        ArgumentNullException.ThrowIfNull(sequences);
        JournalRoleRules.CheckResolver(by);
        var state = JournalRoleRules.ClosedState(action);
        return WriteAsync(
            $"close divergent entries of journal '{journal}'",
            () =>
            {
                if (ExistingScopeIdForWrite(journal) is not { } scope)
                {
                    return 0;
                }

                var now = _time.GetUtcNow();
                var kind = action == DivergenceAction.Reapply ? ActivityKind.Reapplied : ActivityKind.Discarded;
                var closed = 0;
                foreach (var sequence in sequences)
                {
                    var find = R("SELECT id, key, epoch FROM divergence WHERE scope = ?1 AND seq = ?2 AND state = 0 ORDER BY epoch, id LIMIT 1").Bind(1, scope).Bind(2, sequence);
                    if (!find.Read())
                    {
                        continue;
                    }

                    var (id, key, epoch) = (find.Int64(0), find.Text(1)!, find.Int64(2));
                    find.Reset();
                    R("UPDATE divergence SET state = ?2, closed_at = ?3, closed_by = ?4 WHERE id = ?1").Bind(1, id).Bind(2, state).Bind(3, now.UtcTicks).Bind(4, by).Execute();
                    InsertActivity(scope, now, null, key, sequence, sequence, kind, JournalRoleRules.ClosedWords(action, epoch, by));
                    closed++;
                }

                return closed;
            },
            cancellationToken);
    }
}
