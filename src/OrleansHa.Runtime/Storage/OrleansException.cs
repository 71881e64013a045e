namespace Orleans.Runtime;

/// <summary>The base of the runtime's exceptions.</summary>
public class OrleansException : Exception
{
    /// <summary>Creates an exception.</summary>
    public OrleansException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public OrleansException(string? message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    public OrleansException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
