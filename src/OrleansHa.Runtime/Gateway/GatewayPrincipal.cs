namespace OrleansHa.Runtime.Gateway;

/// <summary>
/// Who is calling through a gateway connection. The gateway puts it into <c>RequestContext</c> under
/// <see cref="PrincipalKey"/> and <see cref="RoleKey"/> before every call reaches a grain.
/// </summary>
/// <param name="Name">The user name, or <c>admin</c> for the administrator.</param>
/// <param name="Role"><see cref="AdministratorRole"/> or <see cref="UserRole"/>.</param>
public sealed record GatewayPrincipal(string Name, string Role)
{
    /// <summary>The RequestContext key holding the caller's name.</summary>
    public const string PrincipalKey = "orleansha.principal";

    /// <summary>The RequestContext key holding the caller's role.</summary>
    public const string RoleKey = "orleansha.role";

    /// <summary>The administrator's role.</summary>
    public const string AdministratorRole = "administrator";

    /// <summary>An ordinary user's role.</summary>
    public const string UserRole = "user";
}
