namespace OrleansHa.Security;

/// <summary>
/// Who is calling, as the silo's incoming call filter put it into <see cref="RequestContext"/> after verifying the
/// caller's session token: a named user, the administrator, or nobody (a call that started inside a silo and carries a
/// silo's signature: a grain, a reminder, hosting code), which is trusted. Whatever a client writes under these keys is
/// overwritten by the filter before grain code runs. Grains read it with <see cref="Current"/> and check it with the
/// <c>Demand…</c> methods, so access is enforced in the silo whatever the client does.
/// </summary>
/// <param name="Name">The user name, <c>admin</c> for the administrator, or null for a trusted in-silo call.</param>
/// <param name="IsAdministrator">True for the administrator.</param>
public sealed record CallerPrincipal(string? Name, bool IsAdministrator)
{
    /// <summary>The <see cref="RequestContext"/> key holding the caller's name.</summary>
    public const string PrincipalKey = "orleansha.principal";

    /// <summary>The <see cref="RequestContext"/> key holding the caller's role.</summary>
    public const string RoleKey = "orleansha.role";

    /// <summary>The <see cref="RequestContext"/> key a client puts its session token under (see <see cref="SessionToken"/>).</summary>
    public const string TokenKey = "orleansha.token";

    /// <summary>The <see cref="RequestContext"/> key under which a silo signs its own outgoing calls.</summary>
    public const string SiloSignatureKey = "orleansha.silo";

    /// <summary>The role value of the administrator.</summary>
    public const string AdministratorRole = "administrator";

    /// <summary>The role value of a named user.</summary>
    public const string UserRole = "user";

    /// <summary>True when the call started inside the silo (no principal in the request context).</summary>
    public bool IsTrusted => Name is null;

    /// <summary>True when the caller may act as the administrator: trusted in-silo calls and the administrator.</summary>
    public bool HasAdministratorRights => IsTrusted || IsAdministrator;

    /// <summary>The caller of the current request.</summary>
    public static CallerPrincipal Current
    {
        get
        {
            var name = RequestContext.Get(PrincipalKey) as string;
            if (string.IsNullOrEmpty(name))
            {
                return new CallerPrincipal(null, false);
            }

            var role = RequestContext.Get(RoleKey) as string;
            return new CallerPrincipal(name, string.Equals(role, AdministratorRole, StringComparison.Ordinal));
        }
    }

    /// <summary>Sets the request context so that the calls that follow are made as <paramref name="name"/> (tests and hosting code).</summary>
    public static void ActAs(string name, bool administrator)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        RequestContext.Set(PrincipalKey, name);
        RequestContext.Set(RoleKey, administrator ? AdministratorRole : UserRole);
    }

    /// <summary>
    /// Makes the calls that follow in this request trusted in-silo calls. A grain calls it after it has
    /// checked the caller's rights, before the internal calls that carry the work out (so a user's
    /// principal does not travel into plumbing that serves every user).
    /// </summary>
    public static void ActAsSilo()
    {
        RequestContext.Set(PrincipalKey, string.Empty);
        RequestContext.Set(RoleKey, string.Empty);
    }

    /// <summary>True when the caller may see and manage what belongs to <paramref name="owner"/>.</summary>
    public bool MayActFor(string owner) => HasAdministratorRights || string.Equals(Name, owner, StringComparison.Ordinal);

    /// <summary>Throws <see cref="AccessDeniedException"/> unless the caller has administrator rights.</summary>
    /// <param name="action">What was attempted, e.g. "define users".</param>
    public void DemandAdministrator(string action)
    {
        if (!HasAdministratorRights)
        {
            throw new AccessDeniedException($"{Describe()} may not {action}; only the administrator may.");
        }
    }

    /// <summary>Throws <see cref="AccessDeniedException"/> unless the caller is <paramref name="owner"/> or has administrator rights.</summary>
    /// <param name="owner">The user the object belongs to.</param>
    /// <param name="what">What was reached, e.g. "file set bob/payroll".</param>
    public void DemandOwnerOrAdministrator(string owner, string what)
    {
        if (!MayActFor(owner))
        {
            throw new AccessDeniedException($"{Describe()} may not reach {what}: it belongs to user {owner}; a user may reach only their own.");
        }
    }

    /// <summary>
    /// Throws <see cref="AccessDeniedException"/> unless the call is a silo's own: signed by a silo, with no user or
    /// administrator principal (the call guard trusts a silo-signed call, and a grain that has checked its caller drops
    /// the caller's principal with <see cref="ActAsSilo"/> before its internal calls). The administrator's token does not
    /// pass: internal operations are reached only through the public methods that check who is calling.
    /// </summary>
    /// <param name="what">The internal operation, e.g. "report worker state".</param>
    public void DemandSilo(string what)
    {
        if (!IsTrusted)
        {
            throw new AccessDeniedException($"{Describe()} may not {what}; it is internal to the silos, reached only through the commands that check who calls.");
        }
    }

    /// <inheritdoc />
    public override string ToString() => Describe();

    private string Describe() => Name is null ? "the silo" : IsAdministrator ? $"administrator {Name}" : $"user {Name}";
}
