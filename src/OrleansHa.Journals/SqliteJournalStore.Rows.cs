using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace OrleansHa.Journals;

/// <summary>Row helpers shared by the local and remote paths: records, history, activity, JSON.</summary>
public sealed partial class SqliteJournalStore
{
    private static readonly JsonSerializerOptions Json = new() { IncludeFields = false };
    private static readonly Dictionary<string, string?> NoFields = new(StringComparer.Ordinal);

    private static string? FieldsToJson(Dictionary<string, string?>? fields) => FieldsJson.Write(fields);

    private static Dictionary<string, string?> FieldsFromJson(string? json) => FieldsJson.Read(json);

    private static DateTimeOffset Instant(long ticks) => new(ticks, TimeSpan.Zero);

    /// <summary>
    /// Reads a record on the write connection (sees this transaction's own writes). Put and Delete are decided on the
    /// timestamp alone, so unless <paramref name="withFields"/> the fields are not read (they come back empty).
    /// </summary>
    private JournalRecord? ReadRecordForWrite(long scope, string key, bool withFields)
    {
        var select = withFields
            ? R("SELECT ts, fields FROM records WHERE scope = ?1 AND key = ?2")
            : R("SELECT ts FROM records WHERE scope = ?1 AND key = ?2");
        select.Bind(1, scope).Bind(2, key);
        if (!select.Read())
        {
            return null;
        }

        var record = new JournalRecord(key, withFields ? FieldsFromJson(select.Text(1)) : NoFields, Instant(select.Int64(0)));
        select.Reset();
        return record;
    }

    /// <summary>
    /// Applies one change to a scope's copy and writes its history row; returns what happened and the record before.
    /// On a local journal <paramref name="journalDecision"/> says whether an applied change is journaled (it gets
    /// <paramref name="sequence"/>) or filtered; a rejected or filtered local change has no sequence. On a remote
    /// journal (no decision) every received entry keeps its sequence, rejected or not.
    /// <paramref name="changeJson"/> is the change's fields as JSON, serialized once by the caller.
    /// </summary>
    private (ApplyResult Result, JournalRecord? Stored) ApplyAndRecord(
        long scope, JournalChange change, string? changeJson, long sequence, bool needStoredFields, Func<JournalRecord?, bool>? journalDecision)
    {
        var stored = ReadRecordForWrite(scope, change.Key, needStoredFields || change.Kind == JournalChangeKind.Patch);
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
                // A Put, or a Patch that inserts, stores exactly the change's fields: reuse their JSON.
                var json = result.Outcome == ChangeOutcome.Patched ? FieldsToJson(result.Record!.Fields) : changeJson;
                R("""
                    INSERT INTO records (scope, key, fields, ts) VALUES (?1, ?2, ?3, ?4)
                    ON CONFLICT (scope, key) DO UPDATE SET fields = excluded.fields, ts = excluded.ts
                    """).Bind(1, scope).Bind(2, change.Key).Bind(3, json ?? "{}").Bind(4, result.Record!.Timestamp.UtcTicks).Execute();
                break;
            case RecordWrite.Remove:
                R("DELETE FROM records WHERE scope = ?1 AND key = ?2").Bind(1, scope).Bind(2, change.Key).Execute();
                break;
        }

        R("INSERT INTO history (scope, key, seq, kind, ts, fields, outcome, at, id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
            .Bind(9, _schema.NextHistoryId()).Bind(1, scope).Bind(2, change.Key).Bind(3, historySequence).Bind(4, (long)change.Kind).Bind(5, change.Timestamp.UtcTicks)
            .Bind(6, changeJson).Bind(7, (long)outcome).Bind(8, Now).Execute();
        return (result with { Outcome = outcome }, stored);
    }

    private void InsertActivity(long scope, DateTimeOffset at, string? system, string? key, long? first, long? last, ActivityKind kind, string detail)
        => R("INSERT INTO activity (scope, at, system, key, first_seq, last_seq, kind, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
            .Bind(1, scope).Bind(2, at.UtcTicks).Bind(3, system).Bind(4, key).Bind(5, first).Bind(6, last).Bind(7, (long)kind).Bind(8, detail).Execute();

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
