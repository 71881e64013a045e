namespace OrleansHa;

/// <summary>
/// The base of OrleansHa's own exceptions. Each derived type is sealed and its message names what was
/// wrong and what is allowed, so a caller (or an operator reading the client's output) can act on it.
/// </summary>
[GenerateSerializer, Alias("orleansha.error")]
public abstract class OrleansHaException : Exception
{
    /// <summary>Creates the exception without a message.</summary>
    protected OrleansHaException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    protected OrleansHaException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    protected OrleansHaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
