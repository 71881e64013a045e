using System.Collections.Concurrent;
using System.Text.Json;
using Npgsql;

namespace OrleansHa.Journals;

/// <summary>Scopes: their ids, and the row lock every write of a scope takes first.</summary>
public sealed partial class PostgresJournalStore
{
    private static readonly JsonSerializerOptions Json = new() { IncludeFields = false };

    // Ids of scopes whose rows were committed before this store looked (scopes are never deleted, so they never change).
    private readonly ConcurrentDictionary<string, long> _scopeIds = new(StringComparer.Ordinal);

    /// <summary>
    /// Locks the scope's row for the rest of the transaction (creating the row when missing) and returns its id and
    /// last sequence, as the lock holder sees them. Every write of a scope starts here, so two writers of one scope on
    /// two silos take turns, and each sees what the one before committed. A scope created by this transaction is not
    /// cached until a later transaction finds it committed (a rollback would leave a cached id that names nothing).
    /// </summary>
    private async Task<(long Id, long LastSequence)> LockScopeAsync(PostgresSession session, string name, CancellationToken cancellationToken)
    {
        if (_scopeIds.TryGetValue(name, out var cached))
        {
            return (cached, (long)(await session.ScalarAsync("SELECT last_sequence FROM scopes WHERE id = $1 FOR UPDATE", cancellationToken, cached))!);
        }

        await using var batch = new NpgsqlBatch(session.Connection, session.Transaction);
        batch.BatchCommands.Add(PostgresRecordBatch.Command("INSERT INTO scopes (name) VALUES ($1) ON CONFLICT (name) DO NOTHING", name));
        batch.BatchCommands.Add(PostgresRecordBatch.Command("SELECT id, last_sequence FROM scopes WHERE name = $1 FOR UPDATE", name));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var created = batch.BatchCommands[0].RecordsAffected == 1;
        await reader.ReadAsync(cancellationToken);
        var (id, last) = (reader.GetInt64(0), reader.GetInt64(1));
        if (!created)
        {
            _scopeIds.TryAdd(name, id);
        }

        return (id, last);
    }

    /// <summary>The id of a scope, created when missing, without locking it (for lines that only add to it).</summary>
    private async Task<long> ScopeIdAsync(PostgresSession session, string name, CancellationToken cancellationToken)
    {
        if (_scopeIds.TryGetValue(name, out var cached))
        {
            return cached;
        }

        await session.ExecuteAsync("INSERT INTO scopes (name) VALUES ($1) ON CONFLICT (name) DO NOTHING", cancellationToken, name);
        return (long)(await session.ScalarAsync("SELECT id FROM scopes WHERE name = $1", cancellationToken, name))!;
    }

    private static DateTimeOffset Instant(long ticks) => new(ticks, TimeSpan.Zero);

    private static JournalChange ReadChange(NpgsqlDataReader reader, int keyColumn)
        => new(
            (JournalChangeKind)reader.GetInt16(keyColumn + 1),
            reader.GetString(keyColumn),
            Instant(reader.GetInt64(keyColumn + 2)),
            reader.IsDBNull(keyColumn + 3) ? null : FieldsJson.Read(reader.GetString(keyColumn + 3)));

    private static string RejectionWords(ChangeRejection rejection) => rejection.Outcome == ChangeOutcome.RejectedStalePut
        ? $"Put at {rejection.Timestamp:O} is not newer than the stored record ({rejection.StoredTimestamp:O})"
        : $"Delete at {rejection.Timestamp:O} is not newer than the stored record ({rejection.StoredTimestamp:O})";
}
