namespace OrleansHa.Journals;

/// <summary>Remote journals: store and apply received entries in order, exactly once.</summary>
public sealed partial class SqliteJournalStore
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

        return WriteAsync($"receive entries into remote journal '{remoteJournal}'", () => ReceiveWork(remoteJournal, entries), cancellationToken);
    }

    private RemoteReceiveOutcome ReceiveWork(string remoteJournal, IReadOnlyList<JournalEntry> entries)
    {
        var scope = ScopeIdForWrite(remoteJournal);
        W("INSERT INTO remote_state (scope) VALUES ($0) ON CONFLICT DO NOTHING", scope).ExecuteNonQuery();
        var lastApplied = (long)W("SELECT last_applied FROM remote_state WHERE scope = $0", scope).ExecuteScalar()!;
        var now = _time.GetUtcNow();
        if (entries.Count == 0)
        {
            return new RemoteReceiveOutcome(new RemoteReceiveResult(lastApplied, 0, 0, 0, false), []);
        }

        if (entries[0].Sequence > lastApplied + 1)
        {
            // A gap: something before this batch never arrived. Refuse it whole, so the sender resends from the right place.
            W("UPDATE remote_state SET gaps = gaps + 1, last_received = $1 WHERE scope = $0", scope, now.UtcTicks).ExecuteNonQuery();
            InsertActivity(scope, now, null, null, entries[0].Sequence, entries[^1].Sequence, ActivityKind.Retried,
                $"refused: batch starts at {entries[0].Sequence} but only {lastApplied} is applied");
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
            var (result, stored) = ApplyAndRecord(scope, entry.Change, FieldsToJson(entry.Change.Fields), entry.Sequence, needStoredFields: false, journalDecision: null);
            lastApplied = entry.Sequence;
            if (RecordApplier.IsRejection(result.Outcome))
            {
                var rejection = new ChangeRejection(entry.Change.Key, entry.Sequence, result.Outcome, entry.Change.Timestamp, stored!.Timestamp);
                rejections.Add(rejection);
                _ = result.Outcome == ChangeOutcome.RejectedStalePut ? rejectedPuts++ : rejectedDeletes++;
                InsertActivity(scope, now, null, entry.Change.Key, entry.Sequence, entry.Sequence, ActivityKind.Rejected, RejectionWords(rejection));
            }
        }

        var applied = entries.Count - duplicates;
        W("""
            UPDATE remote_state SET last_applied = $1, applied = applied + $2, duplicates = duplicates + $3,
                rejected_puts = rejected_puts + $4, rejected_deletes = rejected_deletes + $5, last_received = $6
            WHERE scope = $0
            """, scope, lastApplied, applied, duplicates, rejectedPuts, rejectedDeletes, now.UtcTicks).ExecuteNonQuery();
        if (applied > 0)
        {
            InsertActivity(scope, now, null, null, first, lastApplied, ActivityKind.Accepted,
                $"applied {applied} (rejected {rejections.Count}), duplicates {duplicates}");
        }

        return new RemoteReceiveOutcome(new RemoteReceiveResult(lastApplied, applied, duplicates, rejections.Count, false), rejections);
    }

    /// <inheritdoc/>
    public Task<RemoteJournalStatus> GetRemoteStatusAsync(string remoteJournal, CancellationToken cancellationToken)
        => Task.FromResult(Read($"read remote journal '{remoteJournal}'", connection =>
        {
            if (ScopeIdForRead(connection, remoteJournal) is { } scope)
            {
                using var reader = Q(connection, "SELECT last_applied, applied, duplicates, rejected_puts, rejected_deletes, gaps, last_received FROM remote_state WHERE scope = $0", scope).ExecuteReader();
                if (reader.Read())
                {
                    return new RemoteJournalStatus(
                        remoteJournal, reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3),
                        reader.GetInt64(4), reader.GetInt64(5), reader.IsDBNull(6) ? null : Instant(reader.GetInt64(6)));
                }
            }

            return new RemoteJournalStatus(remoteJournal, 0, 0, 0, 0, 0, 0, null);
        }));
}
