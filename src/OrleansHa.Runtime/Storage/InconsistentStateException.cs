using Orleans.Runtime;

namespace Orleans.Storage;

/// <summary>A write or clear found a different ETag in storage than the grain held: another writer won the race.</summary>
[GenerateSerializer]
public class InconsistentStateException : OrleansException
{
    /// <summary>Creates an exception.</summary>
    public InconsistentStateException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public InconsistentStateException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    public InconsistentStateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception naming both ETags.</summary>
    public InconsistentStateException(string errorMsg, string? storedEtag, string? currentEtag)
        : base(errorMsg)
    {
        StoredEtag = storedEtag;
        CurrentEtag = currentEtag;
    }

    /// <summary>Creates an exception naming both ETags, with a cause.</summary>
    public InconsistentStateException(string errorMsg, string? storedEtag, string? currentEtag, Exception storageException)
        : base(errorMsg, storageException)
    {
        StoredEtag = storedEtag;
        CurrentEtag = currentEtag;
    }

    /// <summary>The ETag found in storage.</summary>
    [Id(0)]
    public string? StoredEtag { get; }

    /// <summary>The ETag the grain held.</summary>
    [Id(1)]
    public string? CurrentEtag { get; }
}
