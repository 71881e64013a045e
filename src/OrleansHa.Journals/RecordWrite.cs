namespace OrleansHa.Journals;

/// <summary>The storage action an applied change needs.</summary>
public enum RecordWrite
{
    /// <summary>Nothing changes (a rejection, or a delete of a missing record).</summary>
    None = 0,

    /// <summary>Insert or replace the record.</summary>
    Upsert = 1,

    /// <summary>Remove the record.</summary>
    Remove = 2,
}
