using Npgsql;

namespace OrleansHa.Journals;

/// <summary>Remote journals: store and apply received entries in order, exactly once.</summary>
public sealed partial class PostgresJournalStore
{
    /// <inheritdoc/>
    public Task<RemoteReceiveOutcome> ReceiveAsync(string remoteJournal, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken)
    {
        for (var i = 1; i < entries.Count; i++)
        {
            if (entries[i].Sequence != entries[i - 1].Sequence + 1)
            {
                throw new ArgumentException(
                    $"A batch must hold consecutive sequences; {entries[i].Sequence} follows {entries[i - 1].Sequence}.", nameof(entries));
            }
        }

        return WriteAsync($"receive entries into remote journal '{remoteJournal}'", (session, ct) => ReceiveWorkAsync(session, remoteJournal, entries, ct), cancellationToken);
    }

    private async Task<RemoteReceiveOutcome> ReceiveWorkAsync(PostgresSession session, string remoteJournal, IReadOnlyList<JournalEntry> entries, CancellationToken ct)
    {
        // The scope's lock makes the check of the last applied sequence and the apply one step, even when two
        // activations of the receiver (on two silos) get the same batch at once: the second sees it applied.
        var (scope, _) = await LockScopeAsync(session, remoteJournal, ct);
        var now = _time.GetUtcNow();
        var records = new PostgresRecordBatch(scope, now.UtcTicks);
        long lastApplied;
        await using (var load = new NpgsqlBatch(session.Connection, session.Transaction))
        {
            load.BatchCommands.Add(PostgresRecordBatch.Command("INSERT INTO remote_state (scope) VALUES ($1) ON CONFLICT DO NOTHING", scope));
            load.BatchCommands.Add(PostgresRecordBatch.Command("SELECT last_applied FROM remote_state WHERE scope = $1", scope));
            load.BatchCommands.Add(PostgresRecordBatch.LoadCommand(scope, entries.Select(e => e.Change), entries.Any(e => e.Change.Kind == JournalChangeKind.Patch)));
            await using var reader = await load.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            lastApplied = reader.GetInt64(0);
            await reader.NextResultAsync(ct);
            await records.LoadAsync(reader, ct);
        }

        if (entries.Count == 0)
        {
            return new RemoteReceiveOutcome(new RemoteReceiveResult(lastApplied, 0, 0, 0, false), []);
        }

        if (entries[0].Sequence > lastApplied + 1)
        {
            // A gap: something before this batch never arrived. Refuse it whole, so the sender resends from the right place.
            records.AddActivity(now, null, null, entries[0].Sequence, entries[^1].Sequence, ActivityKind.Retried,
                $"refused: batch starts at {entries[0].Sequence} but only {lastApplied} is applied");
            await using var refuse = new NpgsqlBatch(session.Connection, session.Transaction);
            refuse.BatchCommands.Add(PostgresRecordBatch.Command("UPDATE remote_state SET gaps = gaps + 1, last_received = $2 WHERE scope = $1", scope, now.UtcTicks));
            records.WriteTo(refuse);
            await refuse.ExecuteNonQueryAsync(ct);
            return new RemoteReceiveOutcome(new RemoteReceiveResult(lastApplied, 0, 0, 0, true), []);
        }

        var duplicates = 0;
        var rejections = new List<ChangeRejection>();
        long rejectedPuts = 0, rejectedDeletes = 0;
        var first = 0L;
        foreach (var entry in entries)
        {
            if (entry.Sequence <= lastApplied)
            {
                duplicates++;
                continue;
            }

            first = first == 0 ? entry.Sequence : first;
            var (result, stored) = await records.ApplyAsync(entry.Change, FieldsJson.Write(entry.Change.Fields), entry.Sequence, journalDecision: null);
            lastApplied = entry.Sequence;
            if (RecordApplier.IsRejection(result.Outcome))
            {
                var rejection = new ChangeRejection(entry.Change.Key, entry.Sequence, result.Outcome, entry.Change.Timestamp, stored!.Timestamp);
                rejections.Add(rejection);
                _ = result.Outcome == ChangeOutcome.RejectedStalePut ? rejectedPuts++ : rejectedDeletes++;
                records.AddActivity(now, null, entry.Change.Key, entry.Sequence, entry.Sequence, ActivityKind.Rejected, RejectionWords(rejection));
            }
        }

        var applied = entries.Count - duplicates;
        if (applied > 0)
        {
            records.AddActivity(now, null, null, first, lastApplied, ActivityKind.Accepted, $"applied {applied} (rejected {rejections.Count}), duplicates {duplicates}");
        }

        await using (var write = new NpgsqlBatch(session.Connection, session.Transaction))
        {
            records.WriteTo(write);
            write.BatchCommands.Add(PostgresRecordBatch.Command(
                """
                UPDATE remote_state SET last_applied = $2, applied = applied + $3, duplicates = duplicates + $4,
                    rejected_puts = rejected_puts + $5, rejected_deletes = rejected_deletes + $6, last_received = $7
                WHERE scope = $1
                """, scope, lastApplied, (long)applied, (long)duplicates, rejectedPuts, rejectedDeletes, now.UtcTicks));
            await write.ExecuteNonQueryAsync(ct);
        }

        return new RemoteReceiveOutcome(new RemoteReceiveResult(lastApplied, applied, duplicates, rejections.Count, false), rejections);
    }

    /// <inheritdoc/>
    public Task<RemoteJournalStatus> GetRemoteStatusAsync(string remoteJournal, CancellationToken cancellationToken)
        => ReadAsync(
            $"read remote journal '{remoteJournal}'",
            async (session, ct) =>
            {
                var rows = await session.ListAsync(
                    """
                    SELECT r.last_applied, r.applied, r.duplicates, r.rejected_puts, r.rejected_deletes, r.gaps, r.last_received
                    FROM remote_state r JOIN scopes s ON s.id = r.scope WHERE s.name = $1
                    """,
                    r => new RemoteJournalStatus(
                        remoteJournal, r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5),
                        r.IsDBNull(6) ? null : Instant(r.GetInt64(6))),
                    ct,
                    remoteJournal);
                return rows.Count == 1 ? rows[0] : new RemoteJournalStatus(remoteJournal, 0, 0, 0, 0, 0, 0, null);
            },
            cancellationToken);
}
