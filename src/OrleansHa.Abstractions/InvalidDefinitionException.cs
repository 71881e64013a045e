namespace OrleansHa;

/// <summary>
/// A definition (user, file set, destination, settings document) was refused. The message names the
/// field, what was given and what is allowed, e.g. <c>priority: 9 is above alice's maximum 5; allowed 0..5</c>.
/// </summary>
[GenerateSerializer, Alias("orleansha.invalid-definition")]
public sealed class InvalidDefinitionException : OrleansHaException
{
    /// <summary>Creates the exception without a message.</summary>
    public InvalidDefinitionException()
    {
    }

    /// <summary>Creates the exception with a message that already names the field.</summary>
    public InvalidDefinitionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public InvalidDefinitionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for one field: <c>{field}: {problem}; allowed: {allowed}</c>.</summary>
    public InvalidDefinitionException(string field, string problem, string allowed)
        : base($"{field}: {problem}; allowed: {allowed}")
    {
        Field = field;
    }

    /// <summary>The field that was refused, when one field is to blame.</summary>
    [Id(0)]
    public string? Field { get; private set; }
}
