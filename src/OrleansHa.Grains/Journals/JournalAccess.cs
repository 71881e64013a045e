using Orleans.Runtime;

namespace OrleansHa.Grains.Journals;

/// <summary>
/// Who may do what to journals. The gateway puts the caller in RequestContext (<c>orleansha.principal</c>,
/// <c>orleansha.role</c>); no principal means the call started inside the silo and is trusted.
/// </summary>
internal static class JournalAccess
{
    /// <summary>Throws <see cref="UnauthorizedAccessException"/> unless the caller is an administrator or the silo itself.</summary>
    public static void RequireAdministrator(string action, string journal)
    {
        if (RequestContext.Get("orleansha.principal") is string principal
            && !string.Equals(RequestContext.Get("orleansha.role") as string, "administrator", StringComparison.Ordinal))
        {
            throw new UnauthorizedAccessException($"{action} on journal '{journal}' needs an administrator; '{principal}' is a user.");
        }
    }
}
