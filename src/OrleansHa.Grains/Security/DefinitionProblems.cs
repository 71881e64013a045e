namespace OrleansHa.Grains.Security;

/// <summary>Collects every problem of a definition, so that one refusal lists them all instead of the first.</summary>
internal sealed class DefinitionProblems
{
    private readonly List<DefinitionProblem> _problems = [];

    /// <summary>True when a problem was found.</summary>
    public bool Any => _problems.Count > 0;

    /// <summary>Adds a problem of <paramref name="field"/>.</summary>
    public void Add(string field, string problem, string allowed) => _problems.Add(new DefinitionProblem(field, problem, allowed));

    /// <summary>Runs a check; its refusal is kept. True when it passed.</summary>
    public bool Check(Action check)
    {
        try
        {
            check();
            return true;
        }
        catch (InvalidDefinitionException e)
        {
            _problems.AddRange(e.Problems);
            return false;
        }
    }

    /// <summary>Runs a check that returns a value; its refusal is kept and <paramref name="fallback"/> returned.</summary>
    public T Check<T>(Func<T> check, T fallback)
    {
        try
        {
            return check();
        }
        catch (InvalidDefinitionException e)
        {
            _problems.AddRange(e.Problems);
            return fallback;
        }
    }

    /// <summary>Throws one <see cref="InvalidDefinitionException"/> listing every problem, when there is one.</summary>
    public void ThrowIfAny()
    {
        if (_problems.Count > 0)
        {
            throw new InvalidDefinitionException(_problems);
        }
    }
}
