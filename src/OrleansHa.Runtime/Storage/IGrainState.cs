namespace Orleans;

/// <summary>A grain's state as a storage provider reads and writes it.</summary>
/// <typeparam name="T">The state type.</typeparam>
public interface IGrainState<T>
{
    /// <summary>The state.</summary>
    T State { get; set; }

    /// <summary>The ETag of the stored record, or null when there is none.</summary>
    string? ETag { get; set; }

    /// <summary>Whether a record exists in storage.</summary>
    bool RecordExists { get; set; }
}
