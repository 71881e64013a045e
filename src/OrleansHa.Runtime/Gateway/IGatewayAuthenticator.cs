namespace OrleansHa.Runtime.Gateway;

/// <summary>Checks the credential a client presents when it connects. Implemented by the host (the silo's credentials file).</summary>
public interface IGatewayAuthenticator
{
    /// <summary>The principal for a valid credential, or null when the user is unknown or the secret is wrong.</summary>
    ValueTask<GatewayPrincipal?> AuthenticateAsync(string user, string secret, CancellationToken cancellationToken);
}
