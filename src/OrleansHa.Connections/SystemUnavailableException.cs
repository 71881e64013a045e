namespace OrleansHa.Connections;

/// <summary>No gateway of the system answered, or it answered as another system; the message says which and what to check.</summary>
public sealed class SystemUnavailableException : Exception
{
    /// <summary>Creates the exception without a message.</summary>
    public SystemUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SystemUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public SystemUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
