namespace OrleansHa.Journals;

/// <summary>Reading the copies of the records, their history, and the activity journal.</summary>
public sealed partial class SqliteJournalStore
{
    /// <inheritdoc/>
    public Task<JournalRecord?> GetRecordAsync(string scope, string key, CancellationToken cancellationToken)
        => Task.FromResult(Read($"read record '{key}' of '{scope}'", connection =>
        {
            if (ScopeIdForRead(connection, scope) is not { } id)
            {
                return null;
            }

            using var reader = Q(connection, "SELECT fields, ts FROM records WHERE scope = $0 AND key = $1", id, key).ExecuteReader();
            return reader.Read() ? new JournalRecord(key, FieldsFromJson(reader.GetString(0)), Instant(reader.GetInt64(1))) : null;
        }));

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> ListKeysAsync(string scope, string prefix, string? afterKey, int limit, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<string>>(Read($"list the keys of '{scope}'", connection =>
        {
            var keys = new List<string>();
            if (ScopeIdForRead(connection, scope) is { } id)
            {
                // A range on the primary key: keys from the prefix (or after the last key seen) up to the prefix's end.
                var from = afterKey is not null && string.CompareOrdinal(afterKey, prefix) >= 0 ? afterKey : prefix;
                const string Sql = """
                    SELECT key FROM records WHERE scope = $0 AND key >= $1 AND key <= $5 AND ($2 IS NULL OR key <> $2)
                        AND substr(key, 1, length($3)) = $3
                    ORDER BY key LIMIT $4
                    """;
                using var reader = Q(connection, Sql, id, from, afterKey, prefix, limit, prefix + char.ConvertFromUtf32(0x10FFFF)).ExecuteReader();
                while (reader.Read())
                {
                    keys.Add(reader.GetString(0));
                }
            }

            return keys;
        }));

    /// <inheritdoc/>
    public Task<IReadOnlyList<RecordHistoryEntry>> GetHistoryAsync(string scope, string key, int limit, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<RecordHistoryEntry>>(Read($"read the history of '{key}' in '{scope}'", connection =>
        {
            var history = new List<RecordHistoryEntry>();
            if (ScopeIdForRead(connection, scope) is { } id)
            {
                using var reader = Q(connection, "SELECT seq, key, kind, ts, fields, outcome, at FROM history WHERE scope = $0 AND key = $1 ORDER BY id DESC LIMIT $2", id, key, limit).ExecuteReader();
                while (reader.Read())
                {
                    history.Add(new RecordHistoryEntry(
                        reader.IsDBNull(0) ? null : reader.GetInt64(0), ReadChange(reader, 1), (ChangeOutcome)reader.GetInt64(5), Instant(reader.GetInt64(6))));
                }
            }

            return history;
        }));

    /// <inheritdoc/>
    public Task AddActivityAsync(ActivityEntry entry, CancellationToken cancellationToken)
        => WriteAsync(
            $"add an activity line to '{entry.Journal}'",
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

        return Task.FromResult<IReadOnlyList<ActivityEntry>>(Read($"read the activity of '{query.Journal}'", connection =>
        {
            var lines = new List<ActivityEntry>();
            if (ScopeIdForRead(connection, query.Journal) is { } id)
            {
                var sql = query.Key is null
                    ? "SELECT at, system, key, first_seq, last_seq, kind, detail FROM activity WHERE scope = $0 AND at >= $2 AND at < $3 ORDER BY at DESC, id DESC LIMIT $4"
                    : "SELECT at, system, key, first_seq, last_seq, kind, detail FROM activity WHERE scope = $0 AND key = $1 AND at >= $2 AND at < $3 ORDER BY at DESC, id DESC LIMIT $4";
                using var reader = Q(connection, sql, id, query.Key ?? string.Empty, query.From?.UtcTicks ?? long.MinValue, query.To?.UtcTicks ?? long.MaxValue, query.Limit).ExecuteReader();
                while (reader.Read())
                {
                    lines.Add(new ActivityEntry(
                        Instant(reader.GetInt64(0)), query.Journal, reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                        reader.IsDBNull(3) ? null : reader.GetInt64(3), reader.IsDBNull(4) ? null : reader.GetInt64(4), (ActivityKind)reader.GetInt64(5), reader.GetString(6)));
                }
            }

            return lines;
        }));
    }
}
