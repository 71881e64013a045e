using OrleansHa.Roles;

namespace OrleansHa.Journals;

/// <summary>
/// Roles: the epoch appends stamp, and the two role changes. Each change is one write of the writer (one savepoint of a
/// group commit), so it is durable whole or not at all: a crash leaves the journal as it was before, or as after.
/// Copying a copy of the records is one <c>INSERT … SELECT</c> in key order, a matter of milliseconds per ten thousand
/// records, because it happens while writes are refused.
/// </summary>
public sealed partial class SqliteJournalStore
{
    /// <inheritdoc/>
    public Task SetEpochAsync(string journal, long epoch, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(journal);
        JournalRoleRules.CheckEpoch(epoch, roleChange: false);
        return WriteAsync(
            $"set the epoch of journal '{journal}'",
            () => W("UPDATE scopes SET epoch = $1 WHERE id = $0", ScopeIdForWrite(journal), epoch).ExecuteNonQuery(),
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<long> AdoptReplicaAsync(string journal, string remoteScope, long epoch, CancellationToken cancellationToken)
    {
        JournalRoleRules.CheckReplicaScope(journal, remoteScope);
        JournalRoleRules.CheckEpoch(epoch, roleChange: true);
        return WriteAsync($"make journal '{journal}' take over replica '{remoteScope}'", () => AdoptWork(journal, remoteScope, epoch), cancellationToken);
    }

    private long AdoptWork(string journal, string remoteScope, long epoch)
    {
        var scope = ScopeIdForWrite(journal);
        var row = ReadRoleRow(scope);
        if (JournalRoleRules.IsRepeat(journal, row.Defined, row.Epoch, row.Last, JournalRoleChange.Adopted, remoteScope, epoch))
        {
            return row.Last.Fence ?? row.LastSequence;
        }

        var replica = ExistingScopeIdForWrite(remoteScope);
        var fence = replica is { } id ? W("SELECT last_applied FROM remote_state WHERE scope = $0", id).ExecuteScalar() as long? ?? 0 : 0;
        JournalRoleRules.CheckAdoption(journal, remoteScope, row.LastSequence, fence);

        var records = CopyRecords(replica, scope);

        // Entries still held are at or below the fence, and every receiver is positioned there now: none is needed.
        W("DELETE FROM entries WHERE scope = $0", scope).ExecuteNonQuery();
        W("UPDATE acks SET acked = $1, last_error = NULL WHERE scope = $0", scope, fence).ExecuteNonQuery();
        SetRole(scope, fence, epoch, JournalRoleChange.Adopted, remoteScope);
        InsertActivity(scope, _time.GetUtcNow(), JournalRoleRules.SystemOf(remoteScope), null, null, fence, ActivityKind.Role, JournalRoleRules.AdoptedWords(remoteScope, fence, epoch, records));
        return fence;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<DivergentEntry>> BecomeReplicaAsync(string journal, string remoteScope, long lastReceived, long epoch, CancellationToken cancellationToken)
    {
        JournalRoleRules.CheckReplicaScope(journal, remoteScope);
        JournalRoleRules.CheckEpoch(epoch, roleChange: true);
        return WriteAsync<IReadOnlyList<DivergentEntry>>(
            $"make journal '{journal}' become replica '{remoteScope}'", () => BecomeReplicaWork(journal, remoteScope, lastReceived, epoch), cancellationToken);
    }

    private List<DivergentEntry> BecomeReplicaWork(string journal, string remoteScope, long fence, long epoch)
    {
        var scope = ScopeIdForWrite(journal);
        var row = ReadRoleRow(scope);
        if (JournalRoleRules.IsRepeat(journal, row.Defined, row.Epoch, row.Last, JournalRoleChange.BecameReplica, remoteScope, epoch))
        {
            return [];
        }

        JournalRoleRules.CheckFence(journal, remoteScope, row.LastSequence, fence);
        var production = JournalRoleRules.SystemOf(remoteScope);
        var now = _time.GetUtcNow();
        var listed = new List<DivergentEntry>();
        using (var reader = W("SELECT seq, key, kind, ts, fields, epoch FROM entries WHERE scope = $0 AND seq > $1 ORDER BY seq", scope, fence).ExecuteReader())
        {
            while (reader.Read())
            {
                listed.Add(new DivergentEntry(journal, reader.GetInt64(0), reader.GetInt64(5), ReadChange(reader, 1)));
            }
        }

        foreach (var entry in listed)
        {
            var change = entry.Change;
            R("INSERT INTO divergence (scope, seq, epoch, key, kind, ts, fields, listed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
                .Bind(1, scope).Bind(2, entry.Sequence).Bind(3, entry.Epoch).Bind(4, change.Key).Bind(5, (long)change.Kind)
                .Bind(6, change.Timestamp.UtcTicks).Bind(7, FieldsToJson(change.Fields)).Bind(8, now.UtcTicks).Execute();
            InsertActivity(scope, now, production, change.Key, entry.Sequence, entry.Sequence, ActivityKind.Diverged,
                JournalRoleRules.DivergedWords(entry.Epoch, production, epoch, fence));
        }

        // Later entries are in the divergence list now; earlier ones every receiver has (it stands at the fence).
        W("DELETE FROM entries WHERE scope = $0", scope).ExecuteNonQuery();
        W("UPDATE acks SET acked = $1, last_error = NULL WHERE scope = $0", scope, fence).ExecuteNonQuery();

        var replica = ScopeIdForWrite(remoteScope);
        var records = CopyRecords(scope, replica);
        W("INSERT INTO remote_state (scope) VALUES ($0) ON CONFLICT DO NOTHING", replica).ExecuteNonQuery();
        W("UPDATE remote_state SET last_applied = $1 WHERE scope = $0", replica, fence).ExecuteNonQuery();
        SetRole(scope, fence, epoch, JournalRoleChange.BecameReplica, remoteScope);

        var words = JournalRoleRules.BecameReplicaWords(production, remoteScope, fence, epoch, listed.Count, row.LastSequence - fence - listed.Count, records);
        InsertActivity(scope, now, production, null, fence, row.LastSequence, ActivityKind.Role, words);
        InsertActivity(replica, now, production, null, null, fence, ActivityKind.Role, words);
        return listed;
    }

    /// <summary>The local journal's row as a role change reads it, on the writer connection.</summary>
    private RoleRow ReadRoleRow(long scope)
    {
        using var reader = W("SELECT definition IS NOT NULL, last_sequence, epoch, role_kind, role_epoch, role_scope, role_fence FROM scopes WHERE id = $0", scope).ExecuteReader();
        reader.Read();
        return new RoleRow(
            reader.GetInt64(0) != 0,
            reader.GetInt64(1),
            reader.GetInt64(2),
            new JournalRoleRules.LastChange(
                reader.IsDBNull(3) ? null : (JournalRoleChange)reader.GetInt64(3),
                reader.GetInt64(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetInt64(6)));
    }

    private void SetRole(long scope, long fence, long epoch, JournalRoleChange kind, string remoteScope)
        => W(
            "UPDATE scopes SET last_sequence = $1, epoch = $2, role_epoch = $2, role_kind = $3, role_scope = $4, role_fence = $1 WHERE id = $0",
            scope, fence, epoch, (long)kind, remoteScope).ExecuteNonQuery();

    /// <summary>Replaces the copy of the records of <paramref name="to"/> with that of <paramref name="from"/> (none: empty); answers how many records it holds now.</summary>
    private long CopyRecords(long? from, long to)
    {
        W("DELETE FROM records WHERE scope = $0", to).ExecuteNonQuery();
        return from is { } source
            ? W("INSERT INTO records (scope, key, fields, ts) SELECT $1, key, fields, ts FROM records WHERE scope = $0 ORDER BY key", source, to).ExecuteNonQuery()
            : 0;
    }

    /// <summary>The id of a scope that exists (committed, or created earlier in this write's transaction), without creating it.</summary>
    private long? ExistingScopeIdForWrite(string name)
        => _schema.ScopeIds.TryGetValue(name, out var id) ? id : W("SELECT id FROM scopes WHERE name = $0", name).ExecuteScalar() as long?;

    private readonly record struct RoleRow(bool Defined, long LastSequence, long Epoch, JournalRoleRules.LastChange Last);
}
