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
        Problems = [new DefinitionProblem(null, Message, null)];
    }

    /// <summary>Creates the exception with a message that already names the field.</summary>
    public InvalidDefinitionException(string message)
        : base(message)
    {
        Problems = [new DefinitionProblem(null, message, null)];
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public InvalidDefinitionException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [new DefinitionProblem(null, message, null)];
    }

    /// <summary>Creates the exception for one field: <c>{field}: {problem}; allowed: {allowed}</c>.</summary>
    public InvalidDefinitionException(string field, string problem, string allowed)
        : base($"{field}: {problem}; allowed: {allowed}")
    {
        Field = field;
        Problems = [new DefinitionProblem(field, problem, allowed)];
    }

    /// <summary>
    /// Creates the exception for every problem found: one problem gives the one-field message, several give
    /// <c>{n} problems:</c> and a line per problem.
    /// </summary>
    public InvalidDefinitionException(IReadOnlyList<DefinitionProblem> problems)
        : base(Describe(problems))
    {
        Field = problems.Count == 1 ? problems[0].Field : null;
        Problems = [.. problems];
    }

    /// <summary>The field that was refused, when one field is to blame.</summary>
    [Id(0)]
    public string? Field { get; private set; }

    /// <summary>Every problem found (one, made of the message, when the exception was made from a message).</summary>
    [Id(1)]
    public IReadOnlyList<DefinitionProblem> Problems { get; private set; }

    private static string Describe(IReadOnlyList<DefinitionProblem> problems)
    {
        ArgumentOutOfRangeException.ThrowIfZero(problems.Count);
        return problems.Count == 1
            ? problems[0].Text
            : $"{problems.Count} problems:{Environment.NewLine}" + string.Join(Environment.NewLine, problems.Select(p => "  " + p.Text));
    }
}
