using Microsoft.Data.Sqlite;
using OrleansHa.Storage;

namespace OrleansHa.Journals;

/// <summary>Receivers' positions (the recovery file's bookkeeping) and truncation of what every receiver has.</summary>
public sealed partial class SqliteJournalStore
{
    /// <inheritdoc/>
    public Task<ReceiverProgress> RecordShipmentAsync(string journal, ShipmentReport report, CancellationToken cancellationToken)
        => WriteAsync($"record a shipment of journal '{journal}' to {report.Receiver}", () => ShipmentWork(journal, report), cancellationToken);

    private ReceiverProgress ShipmentWork(string journal, ShipmentReport report)
    {
        var scope = ScopeIdForWrite(journal);
        var now = _time.GetUtcNow();
        var count = report.LastSequence - report.FirstSequence + 1;
        InsertActivity(scope, report.SentAt, report.Receiver, null, report.FirstSequence, report.LastSequence, ActivityKind.Sent, $"{count} entries");
        var acked = ReceiverAcked(scope, report.Receiver);
        if (report.Result is not { } answer)
        {
            W("UPDATE acks SET retries = retries + 1, last_error = $2 WHERE scope = $0 AND receiver = $1", scope, report.Receiver, report.Error).ExecuteNonQuery();
            InsertActivity(scope, now, report.Receiver, null, report.FirstSequence, report.LastSequence, ActivityKind.Retried,
                $"send failed, will resend from {acked + 1}: {report.Error}");
            return ReadReceiverForWrite(scope, report.Receiver);
        }

        var first = FirstRetained(scope);
        if (answer.LastApplied < first - 1)
        {
            // The receiver has less than entries this journal still holds: it lost its store. Entries it needs are gone
            // here, so shipping cannot close the gap; the operator must resynchronize it. Nothing is acknowledged.
            var error = $"receiver has applied only up to {answer.LastApplied}, but entries before {first} were already dropped here; resynchronize it";
            W("UPDATE acks SET retries = retries + 1, last_error = $2 WHERE scope = $0 AND receiver = $1", scope, report.Receiver, error).ExecuteNonQuery();
            InsertActivity(scope, now, report.Receiver, null, report.FirstSequence, report.LastSequence, ActivityKind.Retried, error);
            return ReadReceiverForWrite(scope, report.Receiver);
        }

        W("""
            UPDATE acks SET acked = $2, rejected = rejected + $3, retries = retries + $4, last_error = $5, last_shipped = $6
            WHERE scope = $0 AND receiver = $1
            """,
            scope, report.Receiver, answer.LastApplied, answer.Rejected, answer.GapRefused ? 1 : 0,
            answer.GapRefused ? $"receiver refused a gap; it has applied up to {answer.LastApplied}" : null, now.UtcTicks).ExecuteNonQuery();
        if (answer.GapRefused)
        {
            InsertActivity(scope, now, report.Receiver, null, report.FirstSequence, report.LastSequence, ActivityKind.Retried,
                $"receiver has applied up to {answer.LastApplied}; resending from {answer.LastApplied + 1}");
        }
        else
        {
            InsertActivity(scope, now, report.Receiver, null, report.FirstSequence, report.LastSequence, ActivityKind.Accepted,
                $"applied {answer.Applied} (rejected {answer.Rejected}), duplicates {answer.Duplicates}; acknowledged up to {answer.LastApplied}");
        }

        // Entries every receiver has are dropped in steps of at least TruncateStep (one range delete instead of one per
        // batch), and always once the slowest receiver is current.
        var minimum = (long)W("SELECT MIN(acked) FROM acks WHERE scope = $0", scope).ExecuteScalar()!;
        var last = (long)W("SELECT last_sequence FROM scopes WHERE id = $0", scope).ExecuteScalar()!;
        if (minimum >= last || minimum - FirstRetained(scope) + 1 >= TruncateStep)
        {
            Truncate(scope, minimum);
        }
        return ReadReceiverForWrite(scope, report.Receiver);
    }

    /// <inheritdoc/>
    public Task<ReceiverProgress> SetReceiverEnabledAsync(string journal, string receiver, bool enabled, CancellationToken cancellationToken)
        => WriteAsync(
            $"{(enabled ? "enable" : "disable")} receiver {receiver} of journal '{journal}'",
            () =>
            {
                var scope = ScopeIdForWrite(journal);
                if (W("UPDATE acks SET enabled = $2 WHERE scope = $0 AND receiver = $1", scope, receiver, enabled ? 1 : 0).ExecuteNonQuery() == 0)
                {
                    throw new ArgumentException($"Journal '{journal}' has no receiver '{receiver}'.", nameof(receiver));
                }

                InsertActivity(scope, _time.GetUtcNow(), receiver, null, null, null, ActivityKind.Maintenance,
                    enabled ? "replication enabled" : "replication disabled");
                return ReadReceiverForWrite(scope, receiver);
            },
            cancellationToken);

    private const long TruncateStep = 50_000;

    /// <summary>Drops entries up to <paramref name="upTo"/>: every receiver has them (or there are no receivers).</summary>
    private void Truncate(long scope, long upTo)
        => W("DELETE FROM entries WHERE scope = $0 AND seq <= $1", scope, upTo).ExecuteNonQuery();

    private long FirstRetained(long scope)
        => W("SELECT MIN(seq) FROM entries WHERE scope = $0", scope).ExecuteScalar() is long first
            ? first
            : (long)W("SELECT last_sequence FROM scopes WHERE id = $0", scope).ExecuteScalar()! + 1;

    private long ReceiverAcked(long scope, string receiver)
        => W("SELECT acked FROM acks WHERE scope = $0 AND receiver = $1", scope, receiver).ExecuteScalar() as long?
            ?? throw new ArgumentException($"This journal has no receiver '{receiver}'.", nameof(receiver));

    private ReceiverProgress ReadReceiverForWrite(long scope, string receiver)
    {
        using var reader = W("SELECT receiver, acked, enabled, rejected, retries, last_error, last_shipped FROM acks WHERE scope = $0 AND receiver = $1", scope, receiver).ExecuteReader();
        reader.Read();
        return ReadReceiver(reader);
    }

    private static List<ReceiverProgress> ReadReceivers(SqliteReadConnection connection, long scope)
    {
        using var reader = Q(connection, "SELECT receiver, acked, enabled, rejected, retries, last_error, last_shipped FROM acks WHERE scope = $0 ORDER BY receiver", scope).ExecuteReader();
        var receivers = new List<ReceiverProgress>();
        while (reader.Read())
        {
            receivers.Add(ReadReceiver(reader));
        }

        return receivers;
    }

    private static ReceiverProgress ReadReceiver(SqliteDataReader reader)
        => new(
            reader.GetString(0),
            reader.GetInt64(1),
            reader.GetInt64(2) != 0,
            reader.GetInt64(3),
            reader.GetInt64(4),
            reader.IsDBNull(5) ? null : reader.GetString(5),
            reader.IsDBNull(6) ? null : Instant(reader.GetInt64(6)));
}
