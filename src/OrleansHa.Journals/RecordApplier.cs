namespace OrleansHa.Journals;

/// <summary>
/// The apply rules every copy of the records follows, the local one and each replica alike
/// (after the CA ACF2 database synchronization rules):
/// a Patch of an existing record changes only the named fields; a Patch or Put of a missing record
/// inserts it whole; a Put whose timestamp is not newer than the stored record's is rejected; a Delete
/// whose timestamp is not newer than the stored record's is rejected. "Newer" compares UTC instants.
/// </summary>
public static class RecordApplier
{
    /// <summary>Applies <paramref name="change"/> to <paramref name="stored"/> (null when the record is missing).</summary>
    public static ApplyResult Apply(JournalRecord? stored, JournalChange change)
    {
        switch (change.Kind)
        {
            case JournalChangeKind.Put:
                if (stored is null)
                {
                    return new(ChangeOutcome.Inserted, Whole(change), RecordWrite.Upsert);
                }

                return change.Timestamp > stored.Timestamp
                    ? new(ChangeOutcome.Replaced, Whole(change), RecordWrite.Upsert)
                    : new(ChangeOutcome.RejectedStalePut, null, RecordWrite.None);

            case JournalChangeKind.Patch:
                if (stored is null)
                {
                    return new(ChangeOutcome.Inserted, Whole(change), RecordWrite.Upsert);
                }

                // Field-level update: only the named fields change. The record keeps the newest timestamp
                // it has seen, so a late patch never makes an older Put look newer than the record.
                var merged = new Dictionary<string, string?>(stored.Fields, StringComparer.Ordinal);
                foreach (var (name, value) in change.Fields ?? [])
                {
                    merged[name] = value;
                }

                var timestamp = change.Timestamp > stored.Timestamp ? change.Timestamp : stored.Timestamp;
                return new(ChangeOutcome.Patched, new JournalRecord(change.Key, merged, timestamp), RecordWrite.Upsert);

            case JournalChangeKind.Delete:
                if (stored is null)
                {
                    return new(ChangeOutcome.DeleteOfMissing, null, RecordWrite.None);
                }

                return change.Timestamp > stored.Timestamp
                    ? new(ChangeOutcome.Deleted, null, RecordWrite.Remove)
                    : new(ChangeOutcome.RejectedStaleDelete, null, RecordWrite.None);

            default:
                throw new ArgumentOutOfRangeException(nameof(change), change.Kind, "Change kind must be Put, Patch or Delete.");
        }
    }

    /// <summary>True for the outcomes the apply rules reject.</summary>
    public static bool IsRejection(ChangeOutcome outcome)
        => outcome is ChangeOutcome.RejectedStalePut or ChangeOutcome.RejectedStaleDelete;

    // The change's fields are not mutated after construction (see JournalChange), so the record can share them.
    private static JournalRecord Whole(JournalChange change)
        => new(change.Key, change.Fields ?? new Dictionary<string, string?>(StringComparer.Ordinal), change.Timestamp);
}
