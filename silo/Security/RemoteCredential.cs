namespace OrleansHa.Silo.Security;

/// <summary>How this silo logs in to another system's gateway.</summary>
public sealed class RemoteCredential
{
    /// <summary>The name addresses refer to.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The user name at the other system.</summary>
    public string User { get; set; } = string.Empty;

    /// <summary>The secret at the other system.</summary>
    public string Secret { get; set; } = string.Empty;

    /// <summary>Whether that gateway speaks TLS. Default false.</summary>
    public bool Tls { get; set; }

    /// <summary>A certificate file to trust for that gateway (e.g. its self-signed certificate); default: the system's trust store.</summary>
    public string? TrustedCertificateFile { get; set; }
}
