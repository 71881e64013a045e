namespace OrleansHa.Journals;

/// <summary>Reading the copies of the records, their history, and the activity journal.</summary>
public sealed partial class PostgresJournalStore
{
    /// <inheritdoc/>
    public Task<JournalRecord?> GetRecordAsync(string scope, string key, CancellationToken cancellationToken)
        => ReadAsync(
            $"read record '{key}' of '{scope}'",
            async (session, ct) =>
            {
                var rows = await session.ListAsync(
                    "SELECT r.fields, r.ts FROM records r JOIN scopes s ON s.id = r.scope WHERE s.name = $1 AND r.key = $2",
                    r => new JournalRecord(key, FieldsJson.Read(r.GetString(0)), Instant(r.GetInt64(1))),
                    ct,
                    scope,
                    key);
                return rows.Count == 1 ? rows[0] : null;
            },
            cancellationToken);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<string>> ListKeysAsync(string scope, string prefix, string? afterKey, int limit, CancellationToken cancellationToken)
        => await ReadAsync(
            $"list the keys of '{scope}'",
            (session, ct) =>
            {
                // A range on the primary key ("C" collation: code point order): keys from the prefix (or after the
                // last key seen) up to the prefix's end.
                var from = afterKey is not null && string.CompareOrdinal(afterKey, prefix) >= 0 ? afterKey : prefix;
                const string Sql = """
                    SELECT r.key FROM records r JOIN scopes s ON s.id = r.scope
                    WHERE s.name = $1 AND r.key >= $2 AND r.key <= $6 AND ($3::text IS NULL OR r.key <> $3) AND left(r.key, length($4)) = $4
                    ORDER BY r.key LIMIT $5
                    """;
                return session.ListAsync(Sql, r => r.GetString(0), ct, scope, from, afterKey, prefix, (long)limit, prefix + char.ConvertFromUtf32(0x10FFFF));
            },
            cancellationToken);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<RecordHistoryEntry>> GetHistoryAsync(string scope, string key, int limit, CancellationToken cancellationToken)
        => await ReadAsync(
            $"read the history of '{key}' in '{scope}'",
            (session, ct) => session.ListAsync(
                """
                SELECT h.seq, h.key, h.kind, h.ts, h.fields, h.outcome, h.at FROM history h JOIN scopes s ON s.id = h.scope
                WHERE s.name = $1 AND h.key = $2 ORDER BY h.id DESC LIMIT $3
                """,
                r => new RecordHistoryEntry(r.IsDBNull(0) ? null : r.GetInt64(0), ReadChange(r, 1), (ChangeOutcome)r.GetInt16(5), Instant(r.GetInt64(6))),
                ct,
                scope,
                key,
                (long)limit),
            cancellationToken);

    /// <inheritdoc/>
    public Task AddActivityAsync(ActivityEntry entry, CancellationToken cancellationToken)
        => WriteAsync(
            $"add an activity line to '{entry.Journal}'",
            async (session, ct) => await session.ExecuteAsync(
                "INSERT INTO activity (scope, at, system, key, first_seq, last_seq, kind, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                ct,
                await ScopeIdAsync(session, entry.Journal, ct), entry.At.UtcTicks, entry.System, entry.Key, entry.FirstSequence, entry.LastSequence, (short)entry.Kind, entry.Detail),
            cancellationToken);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ActivityEntry>> QueryActivityAsync(ActivityQuery query, CancellationToken cancellationToken)
    {
        if (query.Limit is < 1 or > 10_000)
        {
            throw new ArgumentException($"An activity query's limit must be 1 to 10,000; it is {query.Limit}.", nameof(query));
        }

        var sql = query.Key is null
            ? "SELECT a.at, a.system, a.key, a.first_seq, a.last_seq, a.kind, a.detail FROM activity a JOIN scopes s ON s.id = a.scope WHERE s.name = $1 AND a.at >= $3 AND a.at < $4 AND $2::text IS NULL ORDER BY a.at DESC, a.id DESC LIMIT $5"
            : "SELECT a.at, a.system, a.key, a.first_seq, a.last_seq, a.kind, a.detail FROM activity a JOIN scopes s ON s.id = a.scope WHERE s.name = $1 AND a.key = $2 AND a.at >= $3 AND a.at < $4 ORDER BY a.at DESC, a.id DESC LIMIT $5";
        return await ReadAsync(
            $"read the activity of '{query.Journal}'",
            (session, ct) => session.ListAsync(
                sql,
                r => new ActivityEntry(
                    Instant(r.GetInt64(0)), query.Journal, r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2),
                    r.IsDBNull(3) ? null : r.GetInt64(3), r.IsDBNull(4) ? null : r.GetInt64(4), (ActivityKind)r.GetInt16(5), r.GetString(6)),
                ct,
                query.Journal,
                query.Key,
                query.From?.UtcTicks ?? long.MinValue,
                query.To?.UtcTicks ?? long.MaxValue,
                (long)query.Limit),
            cancellationToken);
    }

    /// <summary>Opens a connection and checks the schema: proves the database is reachable and current.</summary>
    internal Task CheckAsync(CancellationToken cancellationToken)
        => ReadAsync("reach the database", async (session, ct) => await session.ScalarAsync("SELECT 1", ct), cancellationToken);
}
