using OrleansHa.Grains.Security;
using OrleansHa.Journals;
using OrleansHa.Security;

namespace OrleansHa.Grains.Journals;

/// <summary>
/// Who may use this journal, from its definition: the administrator (and calls from inside the silo) always; the
/// owner and the writers may append and read; the readers may read. A journal that is not defined, or names nobody,
/// is the administrator's alone.
/// </summary>
public sealed partial class JournalGrain
{
    /// <summary>Throws <see cref="AccessDeniedException"/> unless the caller may append.</summary>
    private void DemandWriter()
    {
        var caller = CallerPrincipal.Current;
        if (!MayWrite(caller))
        {
            throw Denied(caller, "append to");
        }
    }

    /// <summary>Throws <see cref="AccessDeniedException"/> unless the caller may read.</summary>
    private void DemandReader(string what)
    {
        var caller = CallerPrincipal.Current;
        if (!MayWrite(caller) && !Names(_definition?.Readers, caller.Name))
        {
            throw Denied(caller, what);
        }
    }

    private bool MayWrite(CallerPrincipal caller)
        => caller.HasAdministratorRights
            || (caller.Name is not null && string.Equals(_definition?.Owner, caller.Name, StringComparison.Ordinal))
            || Names(_definition?.Writers, caller.Name);

    private static bool Names(string[]? users, string? name)
        => name is not null && users is not null && users.Contains(name, StringComparer.Ordinal);

    private AccessDeniedException Denied(CallerPrincipal caller, string what)
    {
        var allowed = _definition is null ? "it is not defined, so only the administrator may"
            : _definition.Owner is null && (_definition.Writers?.Length ?? 0) == 0 && (_definition.Readers?.Length ?? 0) == 0
                ? "it names no owner, readers or writers, so only the administrator may"
                : $"allowed: the administrator, owner {_definition.Owner ?? "(none)"}, writers {List(_definition.Writers)}"
                    + (what == "append to" ? string.Empty : $", readers {List(_definition.Readers)}");
        return new AccessDeniedException($"{caller} may not {what} journal '{Name}'; {allowed}.");
    }

    private static string List(string[]? users) => users is { Length: > 0 } ? string.Join(", ", users) : "(none)";

    /// <summary>Checks the user names a definition grants access to.</summary>
    private void ValidateAccess(JournalDefinition definition)
    {
        IEnumerable<(string Field, string? User)> named = [
            ("owner", definition.Owner),
            .. (definition.Readers ?? []).Select(r => ("readers", (string?)r)),
            .. (definition.Writers ?? []).Select(w => ("writers", (string?)w))];
        foreach (var (field, user) in named)
        {
            if (field == "owner" && user is null)
            {
                continue;
            }

            try
            {
                DefinitionRules.RequireName(field, user);
            }
            catch (InvalidDefinitionException e)
            {
                throw new ArgumentException($"Journal '{Name}': {field} '{user}' is not a user name ({e.Message}).", nameof(definition), e);
            }
        }
    }
}
