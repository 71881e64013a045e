using System.Collections.ObjectModel;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using OrleansHa.Runtime.Engine;
using OrleansHa.Runtime.Reminders;
using OrleansHa.Runtime.Storage;

namespace Orleans.TestingHost;

/// <summary>
/// A silo in this process for tests, with a client whose references survive silo restarts. Memory grain storage and the
/// in-memory reminder table live in the cluster, so a stopped, killed or restarted silo finds the same state.
/// </summary>
public sealed class InProcessTestCluster : IDisposable, IAsyncDisposable
{
    private readonly MemoryGrainStorageStore _storage = new();
    private readonly InMemoryReminderTable _reminders = new();
    private readonly List<InProcessSiloHandle> _silos = [];
    private readonly TestClusterClient _client;

    /// <summary>Creates the cluster (not started).</summary>
    public InProcessTestCluster(InProcessTestClusterOptions options)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        _client = new TestClusterClient(this);
    }

    /// <summary>The cluster's options.</summary>
    public InProcessTestClusterOptions Options { get; }

    /// <summary>The client; its grain references go to whichever silo is running.</summary>
    public IClusterClient Client => _client;

    /// <summary>The running silos.</summary>
    public ReadOnlyCollection<InProcessSiloHandle> Silos => _silos.AsReadOnly();

    internal InProcessSiloHandle? Primary => _silos.FirstOrDefault(s => s.IsActive);

    /// <summary>Starts the silo.</summary>
    public async Task DeployAsync()
    {
        if (_silos.Count > 0)
        {
            throw new InvalidOperationException("The cluster is already deployed.");
        }

        await StartSiloAsync("Primary");
    }

    /// <summary>The services of the running silo.</summary>
    public IServiceProvider GetSiloServiceProvider()
        => (Primary ?? throw new InvalidOperationException("No silo is running.")).ServiceProvider;

    /// <summary>Stops a silo cleanly: every activation is deactivated (OnDeactivateAsync runs).</summary>
    public async Task StopSiloAsync(InProcessSiloHandle instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        instance.IsActive = false;
        _silos.Remove(instance);
        await instance.SiloHost.StopAsync();
        instance.SiloHost.Dispose();
    }

    /// <summary>Stops a silo as a crash would: no deactivation, no final writes.</summary>
    public async Task KillSiloAsync(InProcessSiloHandle instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        instance.ServiceProvider.GetRequiredService<SiloRuntime>().Kill();
        await StopSiloAsync(instance);
    }

    /// <summary>Stops a silo and starts a new one over the same storage and reminders.</summary>
    public async Task<InProcessSiloHandle?> RestartSiloAsync(InProcessSiloHandle instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (instance.IsActive)
        {
            await StopSiloAsync(instance);
        }

        return await StartSiloAsync(instance.SiloName);
    }

    /// <summary>Stops every silo.</summary>
    public async Task StopAllSilosAsync()
    {
        foreach (var silo in _silos.ToList())
        {
            await StopSiloAsync(silo);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync() => await StopAllSilosAsync();

    /// <inheritdoc/>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<InProcessSiloHandle> StartSiloAsync(string name)
    {
        var siloOptions = new InProcessTestSiloSpecificOptions { SiloName = name, SiloPort = FreePort(), GatewayPort = FreePort() };
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Development" });
        builder.Services.AddSingleton(_storage);
        builder.Services.AddSingleton(_reminders);
        builder.UseOrleans(silo =>
        {
            silo.Services.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = Options.ClusterId;
                o.ServiceId = Options.ServiceId;
            });
            silo.Services.Configure<EndpointOptions>(o =>
            {
                o.SiloPort = siloOptions.SiloPort;
                o.GatewayPort = siloOptions.GatewayPort;
            });
            foreach (var configure in Options.SiloConfigurationDelegates)
            {
                configure(siloOptions, silo);
            }
        });
        foreach (var configure in Options.SiloHostConfigurationDelegates)
        {
            configure(siloOptions, builder);
        }

        var host = builder.Build();
        host.Services.GetRequiredService<SiloRuntime>().SiloName = name;
        await host.StartAsync();
        var handle = new InProcessSiloHandle(name, host);
        _silos.Add(handle);
        return handle;
    }
}
