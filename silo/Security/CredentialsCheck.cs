namespace OrleansHa.Silo.Security;

/// <summary>Loads the credentials file and the signing key at start, so a bad or world-readable one stops the silo with its reason instead of failing the first login.</summary>
internal sealed class CredentialsCheck(CredentialsStore credentials, IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = credentials.Path;
        _ = services.GetRequiredService<SiloSigningKey>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
