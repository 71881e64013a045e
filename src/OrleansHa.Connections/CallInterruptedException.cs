namespace OrleansHa.Connections;

/// <summary>
/// A call was cut off by the loss of the gateway or silo serving it and was not (or no longer) repeated: either it is
/// not safe to repeat (not marked <see cref="IdempotentAttribute"/>), so it may or may not have run, or every repeat
/// failed as well. The message says which and what to do; the inner exception is Orleans' own.
/// </summary>
public sealed class CallInterruptedException : OrleansException
{
    /// <summary>Creates the exception without a message.</summary>
    public CallInterruptedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public CallInterruptedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that cut the call off.</summary>
    public CallInterruptedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
