using Npgsql;
using OrleansHa.Roles;

namespace OrleansHa.Journals;

/// <summary>
/// Roles: the epoch appends stamp, and the two role changes, each one transaction holding the local journal's row lock
/// and then the replica's (always in that order; a receive locks only the replica, an append only the journal), so an
/// append or a late receive waits for the change, and a crash leaves the journal as before or as after it. Copies of
/// the records move with one <c>INSERT … SELECT</c> inside the database.
/// </summary>
public sealed partial class PostgresJournalStore
{
    /// <inheritdoc/>
    public Task SetEpochAsync(string journal, long epoch, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(journal);
        JournalRoleRules.CheckEpoch(epoch, roleChange: false);
        return WriteAsync(
            $"set the epoch of journal '{journal}'",
            async (session, ct) =>
            {
                var (scope, _) = await LockScopeAsync(session, journal, ct);
                return await session.ExecuteAsync("UPDATE scopes SET epoch = $2 WHERE id = $1", ct, scope, epoch);
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<long> AdoptReplicaAsync(string journal, string remoteScope, long epoch, CancellationToken cancellationToken)
    {
        JournalRoleRules.CheckReplicaScope(journal, remoteScope);
        JournalRoleRules.CheckEpoch(epoch, roleChange: true);
        return WriteAsync($"make journal '{journal}' take over replica '{remoteScope}'", (session, ct) => AdoptWorkAsync(session, journal, remoteScope, epoch, ct), cancellationToken);
    }

    private async Task<long> AdoptWorkAsync(PostgresSession session, string journal, string remoteScope, long epoch, CancellationToken ct)
    {
        var (scope, last) = await LockScopeAsync(session, journal, ct);
        var row = await ReadRoleRowAsync(session, scope, ct);
        if (JournalRoleRules.IsRepeat(journal, row.Defined, row.Epoch, row.Last, JournalRoleChange.Adopted, remoteScope, epoch))
        {
            return row.Last.Fence ?? last;
        }

        // The replica exists only if something was received (or it was made a replica before); none: empty, at 0.
        var replica = await session.ScalarAsync("SELECT id FROM scopes WHERE name = $1 FOR UPDATE", ct, remoteScope) as long?;
        var fence = replica is { } id ? await session.ScalarAsync("SELECT last_applied FROM remote_state WHERE scope = $1", ct, id) as long? ?? 0 : 0;
        JournalRoleRules.CheckAdoption(journal, remoteScope, last, fence);

        await using var batch = new NpgsqlBatch(session.Connection, session.Transaction);
        var copy = AddCopyRecords(batch, replica, scope);

        // Entries still held are at or below the fence, and every receiver is positioned there now: none is needed.
        batch.BatchCommands.Add(PostgresRecordBatch.Command("DELETE FROM entries WHERE scope = $1", scope));
        batch.BatchCommands.Add(PostgresRecordBatch.Command("UPDATE acks SET acked = $2, last_error = NULL WHERE scope = $1", scope, fence));
        batch.BatchCommands.Add(SetRoleCommand(scope, fence, epoch, JournalRoleChange.Adopted, remoteScope));
        await batch.ExecuteNonQueryAsync(ct);

        var records = copy?.RecordsAffected ?? 0;
        await session.ExecuteAsync(
            "INSERT INTO activity (scope, at, system, key, first_seq, last_seq, kind, detail) VALUES ($1, $2, $3, NULL, NULL, $4, $5, $6)",
            ct, scope, Now, JournalRoleRules.SystemOf(remoteScope), fence, (short)ActivityKind.Role, JournalRoleRules.AdoptedWords(remoteScope, fence, epoch, records));
        return fence;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<DivergentEntry>> BecomeReplicaAsync(string journal, string remoteScope, long lastReceived, long epoch, CancellationToken cancellationToken)
    {
        JournalRoleRules.CheckReplicaScope(journal, remoteScope);
        JournalRoleRules.CheckEpoch(epoch, roleChange: true);
        return WriteAsync<IReadOnlyList<DivergentEntry>>(
            $"make journal '{journal}' become replica '{remoteScope}'",
            async (session, ct) => await BecomeReplicaWorkAsync(session, journal, remoteScope, lastReceived, epoch, ct),
            cancellationToken);
    }

    private async Task<List<DivergentEntry>> BecomeReplicaWorkAsync(PostgresSession session, string journal, string remoteScope, long fence, long epoch, CancellationToken ct)
    {
        var (scope, last) = await LockScopeAsync(session, journal, ct);
        var row = await ReadRoleRowAsync(session, scope, ct);
        if (JournalRoleRules.IsRepeat(journal, row.Defined, row.Epoch, row.Last, JournalRoleChange.BecameReplica, remoteScope, epoch))
        {
            return [];
        }

        JournalRoleRules.CheckFence(journal, remoteScope, last, fence);
        var production = JournalRoleRules.SystemOf(remoteScope);
        var now = Now;
        var listed = await session.ListAsync(
            "SELECT seq, key, kind, ts, fields, epoch FROM entries WHERE scope = $1 AND seq > $2 ORDER BY seq",
            r => new DivergentEntry(journal, r.GetInt64(0), r.GetInt64(5), ReadChange(r, 1)),
            ct,
            scope,
            fence);
        var (replica, _) = await LockScopeAsync(session, remoteScope, ct);

        await using var batch = new NpgsqlBatch(session.Connection, session.Transaction);
        batch.BatchCommands.Add(PostgresRecordBatch.Command(
            """
            INSERT INTO divergence (scope, seq, epoch, key, kind, ts, fields, listed_at)
            SELECT scope, seq, epoch, key, kind, ts, fields, $3 FROM entries WHERE scope = $1 AND seq > $2 ORDER BY seq
            """,
            scope, fence, now));

        // Later entries are in the divergence list now; earlier ones every receiver has (it stands at the fence).
        batch.BatchCommands.Add(PostgresRecordBatch.Command("DELETE FROM entries WHERE scope = $1", scope));
        batch.BatchCommands.Add(PostgresRecordBatch.Command("UPDATE acks SET acked = $2, last_error = NULL WHERE scope = $1", scope, fence));
        var copy = AddCopyRecords(batch, scope, replica)!;
        batch.BatchCommands.Add(PostgresRecordBatch.Command(
            "INSERT INTO remote_state (scope, last_applied) VALUES ($1, $2) ON CONFLICT (scope) DO UPDATE SET last_applied = excluded.last_applied", replica, fence));
        batch.BatchCommands.Add(SetRoleCommand(scope, fence, epoch, JournalRoleChange.BecameReplica, remoteScope));
        await batch.ExecuteNonQueryAsync(ct);

        var words = JournalRoleRules.BecameReplicaWords(production, remoteScope, fence, epoch, listed.Count, last - fence - listed.Count, copy.RecordsAffected);
        var lines = listed
            .Select(d => new PostgresRecordBatch.ActivityRow(now, production, d.Change.Key, d.Sequence, d.Sequence, (short)ActivityKind.Diverged, JournalRoleRules.DivergedWords(d.Epoch, production, epoch, fence)))
            .Append(new PostgresRecordBatch.ActivityRow(now, production, null, fence, last, (short)ActivityKind.Role, words))
            .ToList();
        await using var activity = new NpgsqlBatch(session.Connection, session.Transaction);
        activity.BatchCommands.Add(PostgresRecordBatch.ActivityCommand(scope, lines));
        activity.BatchCommands.Add(PostgresRecordBatch.ActivityCommand(replica, [new(now, production, null, null, fence, (short)ActivityKind.Role, words)]));
        await activity.ExecuteNonQueryAsync(ct);
        return listed;
    }

    /// <summary>The local journal's row as a role change reads it (the caller holds its lock).</summary>
    private static async Task<RoleRow> ReadRoleRowAsync(PostgresSession session, long scope, CancellationToken ct)
    {
        var rows = await session.ListAsync(
            "SELECT definition IS NOT NULL, epoch, role_kind, role_epoch, role_scope, role_fence FROM scopes WHERE id = $1",
            r => new RoleRow(
                r.GetBoolean(0),
                r.GetInt64(1),
                new JournalRoleRules.LastChange(
                    r.IsDBNull(2) ? null : (JournalRoleChange)r.GetInt16(2),
                    r.GetInt64(3),
                    r.IsDBNull(4) ? null : r.GetString(4),
                    r.IsDBNull(5) ? null : r.GetInt64(5))),
            ct,
            scope);
        return rows[0];
    }

    private static NpgsqlBatchCommand SetRoleCommand(long scope, long fence, long epoch, JournalRoleChange kind, string remoteScope)
        => PostgresRecordBatch.Command(
            "UPDATE scopes SET last_sequence = $2, epoch = $3, role_epoch = $3, role_kind = $4, role_scope = $5, role_fence = $2 WHERE id = $1",
            scope, fence, epoch, (short)kind, remoteScope);

    /// <summary>Adds the statements replacing the copy of <paramref name="to"/> with that of <paramref name="from"/> (none: empty); answers the insert, whose count is the records copied.</summary>
    private static NpgsqlBatchCommand? AddCopyRecords(NpgsqlBatch batch, long? from, long to)
    {
        batch.BatchCommands.Add(PostgresRecordBatch.Command("DELETE FROM records WHERE scope = $1", to));
        if (from is not { } source)
        {
            return null;
        }

        var copy = PostgresRecordBatch.Command("INSERT INTO records (scope, key, fields, ts) SELECT $2, key, fields, ts FROM records WHERE scope = $1", source, to);
        batch.BatchCommands.Add(copy);
        return copy;
    }

    private readonly record struct RoleRow(bool Defined, long Epoch, JournalRoleRules.LastChange Last);
}
