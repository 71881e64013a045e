namespace OrleansHa.Silo.Security;

/// <summary>
/// Loads the credentials file and the signing key at start, so a bad or world-readable one stops the silo with its
/// reason instead of failing the first login. Both are loaded by resolving them: the credentials store's factory
/// reads (or creates) its file, and the key's factory reads (or creates) the key file.
/// </summary>
internal sealed class CredentialsCheck(CredentialsStore credentials, IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        services.GetRequiredService<SiloSigningKey>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
