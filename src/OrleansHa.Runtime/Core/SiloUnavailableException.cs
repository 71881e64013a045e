namespace Orleans.Runtime;

/// <summary>The silo is not running (stopped, shutting down or killed), so the call cannot be delivered.</summary>
public sealed class SiloUnavailableException : OrleansMessageRejectionException
{
    /// <summary>Creates an exception.</summary>
    public SiloUnavailableException()
        : base("The silo is unavailable.")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public SiloUnavailableException(string msg)
        : base(msg)
    {
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    public SiloUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
