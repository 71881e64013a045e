using OrleansHa.Journals;

namespace OrleansHa.Grains.Journals;

/// <summary>Reading the copies of the records, their history, and the activity journal.</summary>
public sealed partial class SqliteJournalStore
{
    /// <inheritdoc/>
    public Task<JournalRecord?> GetRecordAsync(string scope, string key, CancellationToken cancellationToken)
    {
        using var connection = OpenRead();
        if (ScopeIdForRead(connection, scope) is not { } id)
        {
            return Task.FromResult<JournalRecord?>(null);
        }

        using var command = connection.CreateCommand();
        command.CommandText = "SELECT fields, ts FROM records WHERE scope = $0 AND key = $1";
        command.Parameters.AddWithValue("$0", id);
        command.Parameters.AddWithValue("$1", key);
        using var reader = command.ExecuteReader();
        return Task.FromResult(reader.Read() ? new JournalRecord(key, FieldsFromJson(reader.GetString(0)), Instant(reader.GetInt64(1))) : null);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> ListKeysAsync(string scope, string prefix, string? afterKey, int limit, CancellationToken cancellationToken)
    {
        using var connection = OpenRead();
        var keys = new List<string>();
        if (ScopeIdForRead(connection, scope) is { } id)
        {
            // A range on the primary key: keys from the prefix (or after the last key seen) up to the prefix's end.
            var from = afterKey is not null && string.CompareOrdinal(afterKey, prefix) >= 0 ? afterKey : prefix;
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT key FROM records WHERE scope = $0 AND key >= $1 AND key <= $5 AND ($2 IS NULL OR key <> $2)
                    AND substr(key, 1, length($3)) = $3
                ORDER BY key LIMIT $4
                """;
            command.Parameters.AddWithValue("$0", id);
            command.Parameters.AddWithValue("$1", from);
            command.Parameters.AddWithValue("$2", afterKey is null ? (object)DBNull.Value : afterKey);
            command.Parameters.AddWithValue("$3", prefix);
            command.Parameters.AddWithValue("$4", limit);
            command.Parameters.AddWithValue("$5", prefix + char.ConvertFromUtf32(0x10FFFF));
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                keys.Add(reader.GetString(0));
            }
        }

        return Task.FromResult<IReadOnlyList<string>>(keys);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<RecordHistoryEntry>> GetHistoryAsync(string scope, string key, int limit, CancellationToken cancellationToken)
    {
        using var connection = OpenRead();
        var history = new List<RecordHistoryEntry>();
        if (ScopeIdForRead(connection, scope) is { } id)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT seq, key, kind, ts, fields, outcome, at FROM history WHERE scope = $0 AND key = $1 ORDER BY id DESC LIMIT $2";
            command.Parameters.AddWithValue("$0", id);
            command.Parameters.AddWithValue("$1", key);
            command.Parameters.AddWithValue("$2", limit);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                history.Add(new RecordHistoryEntry(
                    reader.IsDBNull(0) ? null : reader.GetInt64(0), ReadChange(reader, 1), (ChangeOutcome)reader.GetInt64(5), Instant(reader.GetInt64(6))));
            }
        }

        return Task.FromResult<IReadOnlyList<RecordHistoryEntry>>(history);
    }

    /// <inheritdoc/>
    public Task AddActivityAsync(ActivityEntry entry, CancellationToken cancellationToken)
        => WriteAsync(
            () =>
            {
                InsertActivity(ScopeIdForWrite(entry.Journal), entry.At, entry.System, entry.Key, entry.FirstSequence, entry.LastSequence, entry.Kind, entry.Detail);
                return 0;
            },
            cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<ActivityEntry>> QueryActivityAsync(ActivityQuery query, CancellationToken cancellationToken)
    {
        if (query.Limit is < 1 or > 10_000)
        {
            throw new ArgumentException($"An activity query's limit must be 1 to 10,000; it is {query.Limit}.", nameof(query));
        }

        using var connection = OpenRead();
        var lines = new List<ActivityEntry>();
        if (ScopeIdForRead(connection, query.Journal) is { } id)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT at, system, key, first_seq, last_seq, kind, detail FROM activity
                WHERE scope = $0 {(query.Key is null ? string.Empty : "AND key = $1")} AND at >= $2 AND at < $3
                ORDER BY at DESC, id DESC LIMIT $4
                """;
            command.Parameters.AddWithValue("$0", id);
            command.Parameters.AddWithValue("$1", query.Key ?? string.Empty);
            command.Parameters.AddWithValue("$2", query.From?.UtcTicks ?? long.MinValue);
            command.Parameters.AddWithValue("$3", query.To?.UtcTicks ?? long.MaxValue);
            command.Parameters.AddWithValue("$4", query.Limit);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                lines.Add(new ActivityEntry(
                    Instant(reader.GetInt64(0)), query.Journal, reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetInt64(3), reader.IsDBNull(4) ? null : reader.GetInt64(4), (ActivityKind)reader.GetInt64(5), reader.GetString(6)));
            }
        }

        return Task.FromResult<IReadOnlyList<ActivityEntry>>(lines);
    }
}
