namespace OrleansHa.Journals;

/// <summary>What applying one change to a copy of the records did.</summary>
[GenerateSerializer, Alias("orleansha.change-outcome")]
public enum ChangeOutcome
{
    /// <summary>The record was missing and was inserted whole (Put or Patch).</summary>
    Inserted = 0,

    /// <summary>A newer Put replaced the stored record.</summary>
    Replaced = 1,

    /// <summary>A Patch changed the named fields of the stored record.</summary>
    Patched = 2,

    /// <summary>A newer Delete removed the record.</summary>
    Deleted = 3,

    /// <summary>A Delete of a record that is not there: nothing to do.</summary>
    DeleteOfMissing = 4,

    /// <summary>A Put whose timestamp is not newer than the stored record's: rejected.</summary>
    RejectedStalePut = 5,

    /// <summary>A Delete whose timestamp is not newer than the stored record's: rejected.</summary>
    RejectedStaleDelete = 6,

    /// <summary>Applied to the local copy, but a selection rule kept it out of the journal (not shipped).</summary>
    Filtered = 7,
}
