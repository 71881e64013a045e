namespace OrleansHa.Journals;

/// <summary>What a record change does.</summary>
[GenerateSerializer, Alias("orleansha.journal-change-kind")]
public enum JournalChangeKind
{
    /// <summary>The whole record: replaces a stored record when newer, inserts a missing one.</summary>
    Put = 0,

    /// <summary>Named fields only: changes just those fields of a stored record, inserts a missing one whole.</summary>
    Patch = 1,

    /// <summary>Removes the record when the delete is newer than the stored record.</summary>
    Delete = 2,
}
