namespace OrleansHa.Silo.Security;

/// <summary>An account that may log in to this silo.</summary>
public sealed class CredentialAccount
{
    /// <summary>The user name (<c>admin</c> for the administrator).</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary><c>administrator</c> or <c>user</c>.</summary>
    public string Role { get; set; } = string.Empty;

    /// <summary>Base64 PBKDF2 salt.</summary>
    public string Salt { get; set; } = string.Empty;

    /// <summary>Base64 PBKDF2-SHA256 hash of the secret.</summary>
    public string Hash { get; set; } = string.Empty;

    /// <summary>PBKDF2 iterations used for <see cref="Hash"/>.</summary>
    public int Iterations { get; set; }
}
