using System.Text.Json;

namespace OrleansHa.Journals;

/// <summary>The local journal: definitions, appends, the recovery file and receivers' positions.</summary>
public sealed partial class SqliteJournalStore
{
    /// <inheritdoc/>
    public Task<LocalJournalState> GetLocalStateAsync(string journal, CancellationToken cancellationToken)
        => Task.FromResult(Read($"read journal '{journal}'", connection =>
        {
            if (ScopeIdForRead(connection, journal) is not { } scope)
            {
                return new LocalJournalState(null, 0, 0, 0, []);
            }

            JournalDefinition? definition;
            long last, filtered, rejected, epoch;
            using (var reader = Q(connection, "SELECT definition, last_sequence, filtered, rejected, epoch FROM scopes WHERE id = $0", scope).ExecuteReader())
            {
                reader.Read();
                definition = reader.IsDBNull(0) ? null : JsonSerializer.Deserialize<JournalDefinition>(reader.GetString(0), Json);
                (last, filtered, rejected, epoch) = (reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
            }

            return new LocalJournalState(definition, last, filtered, rejected, ReadReceivers(connection, scope), epoch);
        }));

    /// <inheritdoc/>
    public async Task<LocalJournalState> SaveDefinitionAsync(string journal, JournalDefinition definition, CancellationToken cancellationToken)
    {
        await WriteAsync(
            $"save the definition of journal '{journal}'",
            () =>
            {
                var scope = ScopeIdForWrite(journal);
                W("UPDATE scopes SET definition = $1 WHERE id = $0", scope, JsonSerializer.Serialize(definition, Json)).ExecuteNonQuery();
                var last = (long)W("SELECT last_sequence FROM scopes WHERE id = $0", scope).ExecuteScalar()!;
                var names = definition.Receivers.Select(r => r.SystemName).ToHashSet(StringComparer.Ordinal);
                foreach (var name in names)
                {
                    // A receiver added now starts with what is appended from now on.
                    W("INSERT INTO acks (scope, receiver, acked, enabled) VALUES ($0, $1, $2, 1) ON CONFLICT DO NOTHING", scope, name, last).ExecuteNonQuery();
                }

                using (var reader = W("SELECT receiver FROM acks WHERE scope = $0", scope).ExecuteReader())
                {
                    var dropped = new List<string>();
                    while (reader.Read())
                    {
                        if (!names.Contains(reader.GetString(0)))
                        {
                            dropped.Add(reader.GetString(0));
                        }
                    }

                    reader.Close();
                    foreach (var name in dropped)
                    {
                        W("DELETE FROM acks WHERE scope = $0 AND receiver = $1", scope, name).ExecuteNonQuery();
                    }
                }

                Truncate(scope, last);
                return 0;
            },
            cancellationToken);
        return await GetLocalStateAsync(journal, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> ListJournalsAsync(CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<string>>(Read("list the journals", connection =>
        {
            using var reader = Q(connection, "SELECT name FROM scopes WHERE definition IS NOT NULL ORDER BY name").ExecuteReader();
            var names = new List<string>();
            while (reader.Read())
            {
                names.Add(reader.GetString(0));
            }

            return names;
        }));

    /// <inheritdoc/>
    public async Task<LocalAppendOutcome> AppendAsync(
        string journal, string requestId, IReadOnlyList<JournalChange> changes, IReadOnlyList<SelectionRule> rules,
        long maxJournaled, bool retainEntries, CancellationToken cancellationToken)
    {
        try
        {
            return await WriteAsync($"append to journal '{journal}'", () => AppendWork(journal, requestId, changes, rules, maxJournaled, retainEntries), cancellationToken);
        }
        catch (QueueLimitReachedException refused)
        {
            return new LocalAppendOutcome(new JournalAppendResult(false, 0, 0, 0, 0, 0, null), [], refused.WouldJournal);
        }
    }

    private LocalAppendOutcome AppendWork(
        string journal, string requestId, IReadOnlyList<JournalChange> changes, IReadOnlyList<SelectionRule> rules, long maxJournaled, bool retainEntries)
    {
        var scope = ScopeIdForWrite(journal);
        if (W("SELECT result FROM requests WHERE scope = $0 AND request_id = $1", scope, requestId).ExecuteScalar() is string seen)
        {
            return new LocalAppendOutcome(JsonSerializer.Deserialize<JournalAppendResult>(seen, Json)! with { Duplicate = true }, [], 0);
        }

        long last, epoch;
        using (var position = W("SELECT last_sequence, epoch FROM scopes WHERE id = $0", scope).ExecuteReader())
        {
            position.Read();
            (last, epoch) = (position.GetInt64(0), position.GetInt64(1));
        }

        var first = last + 1;
        int filtered = 0, journaled = 0;
        var rejections = new List<ChangeRejection>();
        var now = _time.GetUtcNow();
        for (var index = 0; index < changes.Count; index++)
        {
            var change = changes[index];
            var json = FieldsToJson(change.Fields);
            var (result, stored) = ApplyAndRecord(scope, change, json, last + 1, rules.Count > 0, before => Select(scope, rules, before, change));
            if (RecordApplier.IsRejection(result.Outcome))
            {
                var rejection = new ChangeRejection(change.Key, null, result.Outcome, change.Timestamp, stored!.Timestamp);
                rejections.Add(rejection);
                InsertActivity(scope, now, null, change.Key, null, null, ActivityKind.Rejected, "local copy: " + RejectionWords(rejection));
            }
            else if (result.Outcome == ChangeOutcome.Filtered)
            {
                filtered++;
            }
            else
            {
                last++;
                journaled++;
                if (journaled > maxJournaled)
                {
                    throw new QueueLimitReachedException(journaled + changes.Count - index - 1);
                }

                if (retainEntries)
                {
                    R("INSERT INTO entries (scope, seq, key, kind, ts, fields, epoch) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
                        .Bind(1, scope).Bind(2, last).Bind(3, change.Key).Bind(4, (long)change.Kind).Bind(5, change.Timestamp.UtcTicks).Bind(6, json).Bind(7, epoch).Execute();
                }
            }
        }

        W("UPDATE scopes SET last_sequence = $1, filtered = filtered + $2, rejected = rejected + $3 WHERE id = $0",
            scope, last, filtered, rejections.Count).ExecuteNonQuery();
        var answer = journaled == 0
            ? new JournalAppendResult(true, 0, 0, 0, filtered, rejections.Count, null)
            : new JournalAppendResult(true, first, last, journaled, filtered, rejections.Count, null);
        W("INSERT INTO requests (scope, request_id, result, at) VALUES ($0, $1, $2, $3)", scope, requestId, JsonSerializer.Serialize(answer, Json), now.UtcTicks).ExecuteNonQuery();
        return new LocalAppendOutcome(answer, rejections, 0);
    }

    private bool Select(long scope, IReadOnlyList<SelectionRule> rules, JournalRecord? before, JournalChange change)
    {
        var decision = SelectionEvaluator.Evaluate(rules, before, change);
        if (decision.JournalAlways)
        {
            return true;
        }

        if (decision.DropAlways)
        {
            return false;
        }

        // Once per key per day: the first matching change of the day is journaled, later ones are not.
        return W("INSERT INTO marks (scope, rule, key, day) VALUES ($0, $1, $2, $3) ON CONFLICT DO NOTHING",
            scope, decision.Rule, change.Key, decision.Day).ExecuteNonQuery() == 1;
    }

    /// <inheritdoc/>
    // A page of thousands of entries takes milliseconds: read it on the thread pool, so a journal can send one page
    // while reading the next.
    public Task<IReadOnlyList<JournalEntry>> ReadEntriesAsync(string journal, long afterSequence, int maxCount, long maxBytes, CancellationToken cancellationToken)
        => Task.Run(() => ReadEntries(journal, afterSequence, maxCount, maxBytes), cancellationToken);

    private IReadOnlyList<JournalEntry> ReadEntries(string journal, long afterSequence, int maxCount, long maxBytes)
        => Read($"read the entries of journal '{journal}'", connection =>
        {
            var entries = new List<JournalEntry>(Math.Min(maxCount, 4096));
            if (ScopeIdForRead(connection, journal) is { } scope)
            {
                using var reader = Q(connection, "SELECT seq, key, kind, ts, fields, epoch FROM entries WHERE scope = $0 AND seq > $1 ORDER BY seq LIMIT $2", scope, afterSequence, maxCount).ExecuteReader();
                long bytes = 0;
                while (reader.Read())
                {
                    // A batch is sized by bytes as well as by count, so it stays under the transport's message limit
                    // however large the records; the first entry always goes (appends refuse entries too big for a batch).
                    var entry = new JournalEntry(reader.GetInt64(0), ReadChange(reader, 1), reader.GetInt64(5));
                    bytes += JournalEntrySize.Of(entry.Change);
                    if (bytes > maxBytes && entries.Count > 0)
                    {
                        break;
                    }

                    entries.Add(entry);
                }
            }

            return entries;
        });
}
