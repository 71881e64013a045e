using Npgsql;
using OrleansHa.Roles;

namespace OrleansHa.Journals;

/// <summary>The divergence list (what a former production appended but never shipped) and direct record restores.</summary>
public sealed partial class PostgresJournalStore
{
    /// <inheritdoc/>
    /// <remarks>
    /// The record is written as given (no apply rules: it restores another copy's state), under the scope's lock, with a
    /// history line (a Put at the record's timestamp, or a Delete now; no sequence) and an activity line of kind
    /// <see cref="ActivityKind.Role"/> on the key carrying <paramref name="reason"/>.
    /// </remarks>
    public Task SetRecordAsync(string scope, string key, JournalRecord? record, string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scope);
        JournalRoleRules.CheckRecord(key, record, reason);
        return WriteAsync(
            $"set record '{key}' of '{scope}'",
            async (session, ct) =>
            {
                var (id, _) = await LockScopeAsync(session, scope, ct);
                var now = _time.GetUtcNow();
                var existed = await session.ScalarAsync("SELECT 1 FROM records WHERE scope = $1 AND key = $2", ct, id, key) is not null;
                var change = record is not null ? JournalChange.Put(key, record.Timestamp, record.Fields) : JournalChange.Delete(key, now);
                var outcome = record is not null
                    ? existed ? ChangeOutcome.Replaced : ChangeOutcome.Inserted
                    : existed ? ChangeOutcome.Deleted : ChangeOutcome.DeleteOfMissing;
                await using var batch = new NpgsqlBatch(session.Connection, session.Transaction);
                batch.BatchCommands.Add(record is not null
                    ? PostgresRecordBatch.Command(
                        "INSERT INTO records (scope, key, fields, ts) VALUES ($1, $2, $3, $4) ON CONFLICT (scope, key) DO UPDATE SET fields = excluded.fields, ts = excluded.ts",
                        id, key, FieldsJson.Write(record.Fields) ?? "{}", record.Timestamp.UtcTicks)
                    : PostgresRecordBatch.Command("DELETE FROM records WHERE scope = $1 AND key = $2", id, key));
                batch.BatchCommands.Add(PostgresRecordBatch.Command(
                    "INSERT INTO history (scope, key, seq, kind, ts, fields, outcome, at) VALUES ($1, $2, NULL, $3, $4, $5, $6, $7)",
                    id, key, (short)change.Kind, change.Timestamp.UtcTicks, FieldsJson.Write(change.Fields), (short)outcome, now.UtcTicks));
                batch.BatchCommands.Add(PostgresRecordBatch.ActivityCommand(id, [new(now.UtcTicks, null, key, null, null, (short)ActivityKind.Role, reason)]));
                return await batch.ExecuteNonQueryAsync(ct);
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<DivergentEntry>> ListDivergenceAsync(string journal, string? key, int limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(journal);
        JournalRoleRules.CheckLimit(limit);
        return await ReadAsync(
            $"list the divergence of journal '{journal}'",
            (session, ct) => session.ListAsync(
                """
                SELECT d.seq, d.key, d.kind, d.ts, d.fields, d.epoch FROM divergence d JOIN scopes s ON s.id = d.scope
                WHERE s.name = $1 AND d.state = 0 AND ($2::text IS NULL OR d.key = $2) ORDER BY d.epoch, d.seq LIMIT $3
                """,
                r => new DivergentEntry(journal, r.GetInt64(0), r.GetInt64(5), ReadChange(r, 1)),
                ct,
                journal,
                key,
                (long)limit),
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<long> CountDivergenceAsync(string? journal, CancellationToken cancellationToken)
        => ReadAsync(
            journal is null ? "count the divergence" : $"count the divergence of journal '{journal}'",
            async (session, ct) => (long)(journal is null
                ? await session.ScalarAsync("SELECT count(*) FROM divergence WHERE state = 0", ct)
                : await session.ScalarAsync("SELECT count(*) FROM divergence d JOIN scopes s ON s.id = d.scope WHERE s.name = $1 AND d.state = 0", ct, journal))!,
            cancellationToken);

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
        var state = (short)JournalRoleRules.ClosedState(action);
        return WriteAsync(
            $"close divergent entries of journal '{journal}'",
            async (session, ct) =>
            {
                var (scope, _) = await LockScopeAsync(session, journal, ct);
                var now = Now;

                // The n-th mention of a sequence closes the n-th oldest open entry with it.
                var closed = await session.ListAsync(
                    """
                    WITH wanted AS (SELECT s, count(*) AS n FROM unnest($2::bigint[]) AS u(s) GROUP BY s),
                    ranked AS (
                        SELECT d.id, d.seq, row_number() OVER (PARTITION BY d.seq ORDER BY d.epoch, d.id) AS r
                        FROM divergence d JOIN wanted w ON w.s = d.seq WHERE d.scope = $1 AND d.state = 0),
                    closing AS (SELECT r.id FROM ranked r JOIN wanted w ON w.s = r.seq WHERE r.r <= w.n)
                    UPDATE divergence d SET state = $3, closed_at = $4, closed_by = $5 FROM closing c WHERE d.id = c.id
                    RETURNING d.seq, d.key, d.epoch
                    """,
                    r => (Sequence: r.GetInt64(0), Key: r.GetString(1), Epoch: r.GetInt64(2)),
                    ct,
                    scope,
                    sequences.ToArray(),
                    state,
                    now,
                    by);
                if (closed.Count > 0)
                {
                    var kind = (short)(action == DivergenceAction.Reapply ? ActivityKind.Reapplied : ActivityKind.Discarded);
                    var lines = closed
                        .OrderBy(c => c.Epoch).ThenBy(c => c.Sequence)
                        .Select(c => new PostgresRecordBatch.ActivityRow(now, null, c.Key, c.Sequence, c.Sequence, kind, JournalRoleRules.ClosedWords(action, c.Epoch, by)))
                        .ToList();
                    await using var batch = new NpgsqlBatch(session.Connection, session.Transaction);
                    batch.BatchCommands.Add(PostgresRecordBatch.ActivityCommand(scope, lines));
                    await batch.ExecuteNonQueryAsync(ct);
                }

                return closed.Count;
            },
            cancellationToken);
    }
}
