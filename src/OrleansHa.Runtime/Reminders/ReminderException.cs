namespace Orleans.Runtime;

/// <summary>A reminder operation failed.</summary>
[GenerateSerializer]
public sealed class ReminderException : OrleansException
{
    /// <summary>Creates an exception with a message.</summary>
    public ReminderException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception.</summary>
    public ReminderException()
    {
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    public ReminderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
