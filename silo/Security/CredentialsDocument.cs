namespace OrleansHa.Silo.Security;

/// <summary>
/// The credentials file: the accounts that may log in to this silo's gateway (secrets stored as PBKDF2
/// hashes) and the credentials this silo uses to log in to other systems' gateways (kept in clear, since
/// they must be sent; the file is created readable by its owner only).
/// </summary>
public sealed class CredentialsDocument
{
    /// <summary>The file format version; 1.</summary>
    public int Version { get; set; } = 1;

    /// <summary>Accounts that may log in here.</summary>
    public List<CredentialAccount> Accounts { get; set; } = [];

    /// <summary>Credentials for other systems, by name (what <c>RemoteSystemAddress.CredentialName</c> refers to).</summary>
    public List<RemoteCredential> Remotes { get; set; } = [];
}
