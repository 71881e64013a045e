namespace Orleans.Core;

/// <summary>A grain's persisted record: read, write and clear it, with its ETag.</summary>
public interface IStorage
{
    /// <summary>The ETag of the stored record, or null when there is none.</summary>
    string? Etag { get; }

    /// <summary>Whether a record exists in storage.</summary>
    bool RecordExists { get; }

    /// <summary>Deletes the record (ETag-checked).</summary>
    Task ClearStateAsync();

    /// <summary>Deletes the record (ETag-checked).</summary>
    Task ClearStateAsync(CancellationToken cancellationToken);

    /// <summary>Reads the record again.</summary>
    Task ReadStateAsync();

    /// <summary>Reads the record again.</summary>
    Task ReadStateAsync(CancellationToken cancellationToken);

    /// <summary>Writes the record (ETag-checked).</summary>
    Task WriteStateAsync();

    /// <summary>Writes the record (ETag-checked).</summary>
    Task WriteStateAsync(CancellationToken cancellationToken);
}
