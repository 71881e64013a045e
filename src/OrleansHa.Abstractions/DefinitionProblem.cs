namespace OrleansHa;

/// <summary>One problem of a refused definition: the field, what is wrong with it and what is allowed.</summary>
/// <param name="Field">The field, when one field is to blame.</param>
/// <param name="Problem">What is wrong (with no field: the whole message).</param>
/// <param name="Allowed">What is allowed, when known.</param>
[GenerateSerializer, Immutable, Alias("orleansha.definition-problem")]
public sealed record DefinitionProblem(
    [property: Id(0)] string? Field,
    [property: Id(1)] string Problem,
    [property: Id(2)] string? Allowed)
{
    /// <summary>The problem as one line: <c>{field}: {problem}; allowed: {allowed}</c>.</summary>
    public string Text => Field is null ? Problem : Allowed is null ? $"{Field}: {Problem}" : $"{Field}: {Problem}; allowed: {Allowed}";
}
