using System.Text.Json;
using Npgsql;

namespace OrleansHa.Journals;

/// <summary>The local journal: definitions, appends, the recovery file and receivers' positions.</summary>
public sealed partial class PostgresJournalStore
{
    /// <inheritdoc/>
    public Task<LocalJournalState> GetLocalStateAsync(string journal, CancellationToken cancellationToken)
        => ReadAsync($"read journal '{journal}'", (session, ct) => ReadLocalStateAsync(session, journal, ct), cancellationToken);

    private static async Task<LocalJournalState> ReadLocalStateAsync(PostgresSession session, string journal, CancellationToken cancellationToken)
    {
        var scopes = await session.ListAsync(
            "SELECT id, definition, last_sequence, filtered, rejected, epoch FROM scopes WHERE name = $1",
            r => (Id: r.GetInt64(0), Definition: r.IsDBNull(1) ? null : r.GetString(1), Last: r.GetInt64(2), Filtered: r.GetInt64(3), Rejected: r.GetInt64(4), Epoch: r.GetInt64(5)),
            cancellationToken,
            journal);
        if (scopes is not [var scope])
        {
            return new LocalJournalState(null, 0, 0, 0, []);
        }

        var definition = scope.Definition is null ? null : JsonSerializer.Deserialize<JournalDefinition>(scope.Definition, Json);
        return new LocalJournalState(definition, scope.Last, scope.Filtered, scope.Rejected, await ReadReceiversAsync(session, scope.Id, cancellationToken), scope.Epoch);
    }

    /// <inheritdoc/>
    public async Task<LocalJournalState> SaveDefinitionAsync(string journal, JournalDefinition definition, CancellationToken cancellationToken)
    {
        await WriteAsync(
            $"save the definition of journal '{journal}'",
            async (session, ct) =>
            {
                var (scope, last) = await LockScopeAsync(session, journal, ct);
                var names = definition.Receivers.Select(r => r.SystemName).Distinct(StringComparer.Ordinal).ToArray();
                await using var batch = new NpgsqlBatch(session.Connection, session.Transaction);
                batch.BatchCommands.Add(PostgresRecordBatch.Command("UPDATE scopes SET definition = $2 WHERE id = $1", scope, JsonSerializer.Serialize(definition, Json)));

                // A receiver added now starts with what is appended from now on; a dropped one is forgotten.
                batch.BatchCommands.Add(PostgresRecordBatch.Command(
                    "INSERT INTO acks (scope, receiver, acked, enabled) SELECT $1, r, $3, true FROM unnest($2::text[]) AS u(r) ON CONFLICT DO NOTHING", scope, names, last));
                batch.BatchCommands.Add(PostgresRecordBatch.Command("DELETE FROM acks WHERE scope = $1 AND NOT (receiver = ANY($2))", scope, names));
                batch.BatchCommands.Add(PostgresRecordBatch.Command("DELETE FROM entries WHERE scope = $1 AND seq <= $2", scope, last));
                await batch.ExecuteNonQueryAsync(ct);
                return 0;
            },
            cancellationToken);
        return await GetLocalStateAsync(journal, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<string>> ListJournalsAsync(CancellationToken cancellationToken)
        => await ReadAsync(
            "list the journals",
            (session, ct) => session.ListAsync("SELECT name FROM scopes WHERE definition IS NOT NULL ORDER BY name", r => r.GetString(0), ct),
            cancellationToken);

    /// <inheritdoc/>
    public async Task<LocalAppendOutcome> AppendAsync(
        string journal, string requestId, IReadOnlyList<JournalChange> changes, IReadOnlyList<SelectionRule> rules,
        long maxJournaled, bool retainEntries, CancellationToken cancellationToken)
    {
        try
        {
            return await WriteAsync(
                $"append to journal '{journal}'",
                (session, ct) => AppendWorkAsync(session, journal, requestId, changes, rules, maxJournaled, retainEntries, ct),
                cancellationToken);
        }
        catch (QueueLimitReachedException refused)
        {
            return new LocalAppendOutcome(new JournalAppendResult(false, 0, 0, 0, 0, 0, null), [], refused.WouldJournal);
        }
    }

    private async Task<LocalAppendOutcome> AppendWorkAsync(
        PostgresSession session, string journal, string requestId, IReadOnlyList<JournalChange> changes, IReadOnlyList<SelectionRule> rules,
        long maxJournaled, bool retainEntries, CancellationToken cancellationToken)
    {
        // The lock first: a retry of this request id on another silo waits here, then finds the answer below.
        var (scope, last) = await LockScopeAsync(session, journal, cancellationToken);
        var now = _time.GetUtcNow();
        var records = new PostgresRecordBatch(scope, now.UtcTicks);
        long epoch;
        await using (var load = new NpgsqlBatch(session.Connection, session.Transaction))
        {
            load.BatchCommands.Add(PostgresRecordBatch.Command("SELECT epoch FROM scopes WHERE id = $1", scope));
            load.BatchCommands.Add(PostgresRecordBatch.Command("SELECT result FROM requests WHERE scope = $1 AND request_id = $2", scope, requestId));
            load.BatchCommands.Add(PostgresRecordBatch.LoadCommand(scope, changes, rules.Count > 0 || changes.Any(c => c.Kind == JournalChangeKind.Patch)));
            await using var reader = await load.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            epoch = reader.GetInt64(0);
            await reader.NextResultAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                return new LocalAppendOutcome(JsonSerializer.Deserialize<JournalAppendResult>(reader.GetString(0), Json)! with { Duplicate = true }, [], 0);
            }

            await reader.NextResultAsync(cancellationToken);
            await records.LoadAsync(reader, cancellationToken);
        }

        var first = last + 1;
        int filtered = 0, journaled = 0;
        var rejections = new List<ChangeRejection>();
        for (var index = 0; index < changes.Count; index++)
        {
            var change = changes[index];
            var json = FieldsJson.Write(change.Fields);
            var (result, stored) = await records.ApplyAsync(change, json, last + 1, before => SelectAsync(session, scope, rules, before, change, cancellationToken));
            if (RecordApplier.IsRejection(result.Outcome))
            {
                var rejection = new ChangeRejection(change.Key, null, result.Outcome, change.Timestamp, stored!.Timestamp);
                rejections.Add(rejection);
                records.AddActivity(now, null, change.Key, null, null, ActivityKind.Rejected, "local copy: " + RejectionWords(rejection));
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
                    // Nothing is written yet but marks; the rollback takes those back too.
                    throw new QueueLimitReachedException(journaled + changes.Count - index - 1);
                }

                if (retainEntries)
                {
                    records.AddEntry(last, change, json, epoch);
                }
            }
        }

        var answer = journaled == 0
            ? new JournalAppendResult(true, 0, 0, 0, filtered, rejections.Count, null)
            : new JournalAppendResult(true, first, last, journaled, filtered, rejections.Count, null);
        await using (var write = new NpgsqlBatch(session.Connection, session.Transaction))
        {
            records.WriteTo(write);
            write.BatchCommands.Add(PostgresRecordBatch.Command(
                "UPDATE scopes SET last_sequence = $2, filtered = filtered + $3, rejected = rejected + $4 WHERE id = $1", scope, last, (long)filtered, (long)rejections.Count));
            write.BatchCommands.Add(PostgresRecordBatch.Command(
                "INSERT INTO requests (scope, request_id, result, at) VALUES ($1, $2, $3, $4)", scope, requestId, JsonSerializer.Serialize(answer, Json), now.UtcTicks));
            await write.ExecuteNonQueryAsync(cancellationToken);
        }

        return new LocalAppendOutcome(answer, rejections, 0);
    }

    private static async Task<bool> SelectAsync(
        PostgresSession session, long scope, IReadOnlyList<SelectionRule> rules, JournalRecord? before, JournalChange change, CancellationToken cancellationToken)
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
        return await session.ExecuteAsync(
            "INSERT INTO marks (scope, rule, key, day) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            cancellationToken, scope, decision.Rule, change.Key, decision.Day) == 1;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<JournalEntry>> ReadEntriesAsync(string journal, long afterSequence, int maxCount, long maxBytes, CancellationToken cancellationToken)
        => await ReadAsync(
            $"read the entries of journal '{journal}'",
            async (session, ct) =>
            {
                var entries = new List<JournalEntry>(Math.Min(maxCount, 4096));
                await using var command = session.Command(
                    "SELECT e.seq, e.key, e.kind, e.ts, e.fields, e.epoch FROM entries e JOIN scopes s ON s.id = e.scope WHERE s.name = $1 AND e.seq > $2 ORDER BY e.seq LIMIT $3",
                    journal, afterSequence, (long)maxCount);
                await using var reader = await command.ExecuteReaderAsync(ct);
                long bytes = 0;
                while (await reader.ReadAsync(ct))
                {
                    // Sized by bytes as well as by count, so a batch stays under the transport's message limit however
                    // large the records; the first entry always goes (appends refuse entries too big for a batch).
                    var entry = new JournalEntry(reader.GetInt64(0), ReadChange(reader, 1), reader.GetInt64(5));
                    bytes += JournalEntrySize.Of(entry.Change);
                    if (bytes > maxBytes && entries.Count > 0)
                    {
                        break;
                    }

                    entries.Add(entry);
                }

                return entries;
            },
            cancellationToken);
}
