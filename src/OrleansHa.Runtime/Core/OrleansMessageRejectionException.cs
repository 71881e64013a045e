namespace Orleans.Runtime;

/// <summary>A message was rejected by the runtime.</summary>
public class OrleansMessageRejectionException : OrleansException
{
    /// <summary>Creates an exception.</summary>
    public OrleansMessageRejectionException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public OrleansMessageRejectionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    public OrleansMessageRejectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
