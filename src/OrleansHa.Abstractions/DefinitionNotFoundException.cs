namespace OrleansHa;

/// <summary>A user, file set, destination or worker that a call names does not exist.</summary>
[GenerateSerializer, Alias("orleansha.definition-not-found")]
public sealed class DefinitionNotFoundException : OrleansHaException
{
    /// <summary>Creates the exception without a message.</summary>
    public DefinitionNotFoundException()
    {
    }

    /// <summary>Creates the exception with a message naming what is missing.</summary>
    public DefinitionNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public DefinitionNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
