using OrleansHa.Connections;

namespace OrleansHa.Benchmarks.Cluster;

/// <summary>
/// One system of <c>n</c> silo processes in cluster azure: Orleans' membership table, grain state and reminders in the
/// shared Azurite, journals in their own PostgreSQL database, one credentials file and signing key in a folder every
/// silo points at (as the operator's shared volume would be), a data folder per silo. A client connection names
/// every silo's gateway.
/// </summary>
internal sealed class ClusterSystem : IAsyncDisposable
{
    public const string Secret = "cluster-benchmark-secret-0123";

    private ClusterSystem(string name, IReadOnlyList<ClusterSilo> silos)
    {
        Name = name;
        Silos = silos;
    }

    /// <summary>The system's name: its cluster id in the membership table.</summary>
    public string Name { get; }

    public IReadOnlyList<ClusterSilo> Silos { get; }

    /// <summary>
    /// Starts <paramref name="silos"/> silos of system <paramref name="name"/> one after the other (the first creates the
    /// shared credentials file and signing key, the others read them) and returns once each answers /health.
    /// </summary>
    public static async Task<ClusterSystem> StartAsync(string root, string name, int silos, string azureConnectionString, string journalConnectionString, TextWriter log, CancellationToken cancellationToken)
    {
        var shared = Path.Combine(root, "shared");
        Directory.CreateDirectory(shared);
        string[] cluster =
        [
            "--system-name", name, "--cluster", "azure", "--azure-connection-string", azureConnectionString,
            "--azure-container", "grainstate-" + name.ToLowerInvariant(),
            "--journal-store", "postgres", "--journal-connection-string", journalConnectionString,
            "--credentials-file", Path.Combine(shared, "credentials.json"), "--signing-key-file", Path.Combine(shared, "silo.key"),
        ];
        var list = Enumerable.Range(1, silos).Select(i => new ClusterSilo($"{name}-{i}", Path.Combine(root, $"silo{i}"), cluster)).ToList();
        var system = new ClusterSystem(name, list);
        try
        {
            foreach (var silo in list)
            {
                log.WriteLine($"[cluster] starting silo {silo.Name} (gateway {silo.Gateway})");
                await silo.StartAsync(Secret, cancellationToken);
            }
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }

        return system;
    }

    /// <summary>Connects as the administrator through every silo's gateway.</summary>
    public Task<SystemConnection> ConnectAsync(CancellationToken cancellationToken)
        => SystemConnection.ConnectAsync(
            new SystemConnectionOptions { SystemName = Name, Gateways = [.. Silos.Select(s => s.Gateway)], User = "admin", Secret = Secret },
            cancellationToken: cancellationToken);

    /// <summary>Stops every silo (SIGTERM, all at once) and starts them again one by one: a cold system over the same state.</summary>
    public async Task RestartAllAsync(TextWriter log, CancellationToken cancellationToken)
    {
        await Task.WhenAll(Silos.Select(s => s.StopAsync()));
        foreach (var silo in Silos)
        {
            log.WriteLine($"[cluster] restarting silo {silo.Name}");
            await silo.StartAsync(Secret, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in Silos)
        {
            await silo.DisposeAsync();
        }
    }
}
