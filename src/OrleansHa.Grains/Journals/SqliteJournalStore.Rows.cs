using System.Text.Json;
using Microsoft.Data.Sqlite;
using OrleansHa.Journals;

namespace OrleansHa.Grains.Journals;

/// <summary>Row helpers shared by the local and remote paths: records, history, activity, JSON.</summary>
public sealed partial class SqliteJournalStore
{
    private static readonly JsonSerializerOptions Json = new() { IncludeFields = false };

    private static string? FieldsToJson(Dictionary<string, string?>? fields)
        => fields is null ? null : JsonSerializer.Serialize(fields, Json);

    private static Dictionary<string, string?> FieldsFromJson(string? json)
        => json is null ? new(StringComparer.Ordinal)
            : new(JsonSerializer.Deserialize<Dictionary<string, string?>>(json, Json) ?? [], StringComparer.Ordinal);

    private static DateTimeOffset Instant(long ticks) => new(ticks, TimeSpan.Zero);

    private static DateTimeOffset? Instant(object? ticks) => ticks is long t ? Instant(t) : null;

    /// <summary>Reads a record on the write connection (sees this transaction's own writes).</summary>
    private JournalRecord? ReadRecordForWrite(long scope, string key)
    {
        using var reader = W("SELECT fields, ts FROM records WHERE scope = $0 AND key = $1", scope, key).ExecuteReader();
        return reader.Read() ? new JournalRecord(key, FieldsFromJson(reader.GetString(0)), Instant(reader.GetInt64(1))) : null;
    }

    /// <summary>
    /// Applies one change to a scope's copy and writes its history row; returns what happened and the record before.
    /// On a local journal <paramref name="journalDecision"/> says whether an applied change is journaled (it gets
    /// <paramref name="sequence"/>) or filtered; a rejected or filtered local change has no sequence. On a remote
    /// journal (no decision) every received entry keeps its sequence, rejected or not.
    /// </summary>
    private (ApplyResult Result, JournalRecord? Stored) ApplyAndRecord(long scope, JournalChange change, long sequence, Func<JournalRecord?, bool>? journalDecision)
    {
        var stored = ReadRecordForWrite(scope, change.Key);
        var result = RecordApplier.Apply(stored, change);
        var outcome = result.Outcome;
        long? historySequence = sequence;
        if (journalDecision is not null)
        {
            if (RecordApplier.IsRejection(outcome))
            {
                historySequence = null;
            }
            else if (!journalDecision(stored))
            {
                outcome = ChangeOutcome.Filtered;
                historySequence = null;
            }
        }

        switch (result.Write)
        {
            case RecordWrite.Upsert:
                W("""
                    INSERT INTO records (scope, key, fields, ts) VALUES ($0, $1, $2, $3)
                    ON CONFLICT (scope, key) DO UPDATE SET fields = excluded.fields, ts = excluded.ts
                    """, scope, change.Key, FieldsToJson(result.Record!.Fields), result.Record.Timestamp.UtcTicks).ExecuteNonQuery();
                break;
            case RecordWrite.Remove:
                W("DELETE FROM records WHERE scope = $0 AND key = $1", scope, change.Key).ExecuteNonQuery();
                break;
        }

        W("INSERT INTO history (scope, key, seq, kind, ts, fields, outcome, at) VALUES ($0, $1, $2, $3, $4, $5, $6, $7)",
            scope, change.Key, historySequence, (long)change.Kind, change.Timestamp.UtcTicks, FieldsToJson(change.Fields), (long)outcome, Now).ExecuteNonQuery();
        return (result with { Outcome = outcome }, stored);
    }

    private void InsertActivity(long scope, DateTimeOffset at, string? system, string? key, long? first, long? last, ActivityKind kind, string detail)
        => W("INSERT INTO activity (scope, at, system, key, first_seq, last_seq, kind, detail) VALUES ($0, $1, $2, $3, $4, $5, $6, $7)",
            scope, at.UtcTicks, system, key, first, last, (long)kind, detail).ExecuteNonQuery();

    private static JournalChange ReadChange(SqliteDataReader reader, int keyColumn)
        => new(
            (JournalChangeKind)reader.GetInt64(keyColumn + 1),
            reader.GetString(keyColumn),
            Instant(reader.GetInt64(keyColumn + 2)),
            reader.IsDBNull(keyColumn + 3) ? null : FieldsFromJson(reader.GetString(keyColumn + 3)));

    private static string RejectionWords(ChangeRejection rejection) => rejection.Outcome == ChangeOutcome.RejectedStalePut
        ? $"Put at {rejection.Timestamp:O} is not newer than the stored record ({rejection.StoredTimestamp:O})"
        : $"Delete at {rejection.Timestamp:O} is not newer than the stored record ({rejection.StoredTimestamp:O})";
}
