using Npgsql;

namespace OrleansHa.Journals;

/// <summary>Receivers' positions (the recovery file's bookkeeping) and truncation of what every receiver has.</summary>
public sealed partial class PostgresJournalStore
{
    private const long TruncateStep = 50_000;

    private const string ReceiverColumns = "receiver, acked, enabled, rejected, retries, last_error, last_shipped";

    /// <inheritdoc/>
    public Task<ReceiverProgress> RecordShipmentAsync(string journal, ShipmentReport report, CancellationToken cancellationToken)
        => WriteAsync($"record a shipment of journal '{journal}' to {report.Receiver}", (session, ct) => ShipmentWorkAsync(session, journal, report, ct), cancellationToken);

    private async Task<ReceiverProgress> ShipmentWorkAsync(PostgresSession session, string journal, ShipmentReport report, CancellationToken ct)
    {
        // The scope's lock orders this against appends and against a second activation's shipments: an
        // acknowledgement is applied to the position the lock holder reads, and only ever moves it forward.
        var (scope, last) = await LockScopeAsync(session, journal, ct);
        var now = _time.GetUtcNow();
        var count = report.LastSequence - report.FirstSequence + 1;
        var activity = new List<PostgresRecordBatch.ActivityRow>
        {
            Line(report.SentAt, report.Receiver, report.FirstSequence, report.LastSequence, ActivityKind.Sent, $"{count} entries"),
        };
        var acked = await session.ScalarAsync("SELECT acked FROM acks WHERE scope = $1 AND receiver = $2", ct, scope, report.Receiver) as long?
            ?? throw new ArgumentException($"This journal has no receiver '{report.Receiver}'.", nameof(report));
        if (report.Result is not { } answer)
        {
            await session.ExecuteAsync("UPDATE acks SET retries = retries + 1, last_error = $3 WHERE scope = $1 AND receiver = $2", ct, scope, report.Receiver, report.Error);
            activity.Add(Line(now, report.Receiver, report.FirstSequence, report.LastSequence, ActivityKind.Retried, $"send failed, will resend from {acked + 1}: {report.Error}"));
            return await FinishShipmentAsync(session, scope, report.Receiver, activity, ct);
        }

        var first = await session.ScalarAsync("SELECT MIN(seq) FROM entries WHERE scope = $1", ct, scope) as long? ?? last + 1;
        if (answer.LastApplied < first - 1)
        {
            // The receiver has less than entries this journal still holds: it lost its store. Entries it needs are gone
            // here, so shipping cannot close the gap; the operator must resynchronize it. Nothing is acknowledged.
            var error = $"receiver has applied only up to {answer.LastApplied}, but entries before {first} were already dropped here; resynchronize it";
            await session.ExecuteAsync("UPDATE acks SET retries = retries + 1, last_error = $3 WHERE scope = $1 AND receiver = $2", ct, scope, report.Receiver, error);
            activity.Add(Line(now, report.Receiver, report.FirstSequence, report.LastSequence, ActivityKind.Retried, error));
            return await FinishShipmentAsync(session, scope, report.Receiver, activity, ct);
        }

        // An acceptance only moves the acknowledged position forward: a late report of an older send (another
        // activation's, before the lock passed here) must not undo a newer one. A refused gap sets it to what the
        // receiver says it has, so shipping resends from there (at worst a stale refusal causes a resend, which the
        // receiver ignores as duplicates).
        await session.ExecuteAsync(
            """
            UPDATE acks SET acked = CASE WHEN $5 = 1 THEN $3 ELSE GREATEST(acked, $3) END, rejected = rejected + $4, retries = retries + $5, last_error = $6, last_shipped = $7
            WHERE scope = $1 AND receiver = $2
            """,
            ct, scope, report.Receiver, answer.LastApplied, (long)answer.Rejected, answer.GapRefused ? 1L : 0L,
            answer.GapRefused ? $"receiver refused a gap; it has applied up to {answer.LastApplied}" : null, now.UtcTicks);
        activity.Add(answer.GapRefused
            ? Line(now, report.Receiver, report.FirstSequence, report.LastSequence, ActivityKind.Retried, $"receiver has applied up to {answer.LastApplied}; resending from {answer.LastApplied + 1}")
            : Line(now, report.Receiver, report.FirstSequence, report.LastSequence, ActivityKind.Accepted,
                $"applied {answer.Applied} (rejected {answer.Rejected}), duplicates {answer.Duplicates}; acknowledged up to {answer.LastApplied}"));

        // Entries every receiver has are dropped in steps of at least TruncateStep (one range delete instead of one per
        // batch), and always once the slowest receiver is current.
        var minimum = (long)(await session.ScalarAsync("SELECT MIN(acked) FROM acks WHERE scope = $1", ct, scope))!;
        if (minimum >= last || minimum - first + 1 >= TruncateStep)
        {
            await session.ExecuteAsync("DELETE FROM entries WHERE scope = $1 AND seq <= $2", ct, scope, minimum);
        }

        return await FinishShipmentAsync(session, scope, report.Receiver, activity, ct);
    }

    private static async Task<ReceiverProgress> FinishShipmentAsync(
        PostgresSession session, long scope, string receiver, List<PostgresRecordBatch.ActivityRow> activity, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(session.Connection, session.Transaction);
        batch.BatchCommands.Add(PostgresRecordBatch.ActivityCommand(scope, activity));
        batch.BatchCommands.Add(PostgresRecordBatch.Command($"SELECT {ReceiverColumns} FROM acks WHERE scope = $1 AND receiver = $2", scope, receiver));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return ReadReceiver(reader);
    }

    private static PostgresRecordBatch.ActivityRow Line(DateTimeOffset at, string receiver, long? first, long? last, ActivityKind kind, string detail)
        => new(at.UtcTicks, receiver, null, first, last, (short)kind, detail);

    /// <inheritdoc/>
    public Task<ReceiverProgress> SetReceiverEnabledAsync(string journal, string receiver, bool enabled, CancellationToken cancellationToken)
        => WriteAsync(
            $"{(enabled ? "enable" : "disable")} receiver {receiver} of journal '{journal}'",
            async (session, ct) =>
            {
                var (scope, _) = await LockScopeAsync(session, journal, ct);
                if (await session.ExecuteAsync("UPDATE acks SET enabled = $3 WHERE scope = $1 AND receiver = $2", ct, scope, receiver, enabled) == 0)
                {
                    throw new ArgumentException($"Journal '{journal}' has no receiver '{receiver}'.", nameof(receiver));
                }

                return await FinishShipmentAsync(
                    session, scope, receiver, [Line(_time.GetUtcNow(), receiver, null, null, ActivityKind.Maintenance, enabled ? "replication enabled" : "replication disabled")], ct);
            },
            cancellationToken);

    private static Task<List<ReceiverProgress>> ReadReceiversAsync(PostgresSession session, long scope, CancellationToken cancellationToken)
        => session.ListAsync($"SELECT {ReceiverColumns} FROM acks WHERE scope = $1 ORDER BY receiver", ReadReceiver, cancellationToken, scope);

    private static ReceiverProgress ReadReceiver(NpgsqlDataReader reader)
        => new(
            reader.GetString(0),
            reader.GetInt64(1),
            reader.GetBoolean(2),
            reader.GetInt64(3),
            reader.GetInt64(4),
            reader.IsDBNull(5) ? null : reader.GetString(5),
            reader.IsDBNull(6) ? null : Instant(reader.GetInt64(6)));
}
