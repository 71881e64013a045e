using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;
using OrleansHa.Runtime.Tests.Grains;
using OrleansHa.Runtime.Testing;

namespace OrleansHa.Runtime.Tests;

/// <summary>One silo with memory storage, in-memory reminders and a fake clock, shared by the tests of a class.</summary>
public class ClusterFixture : IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new();

    public LifecycleLog Log { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public virtual async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder();
        builder.ConfigureSilo((_, silo) =>
        {
            ConfigureStorage(silo);
            silo.Services.AddSingleton(Log);
            silo.Services.AddSingleton<TimeProvider>(Clock);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public virtual async Task DisposeAsync() => await Cluster.DisposeAsync();

    /// <summary>The storage and reminder providers; memory by default.</summary>
    protected virtual void ConfigureStorage(ISiloBuilder silo)
    {
        silo.AddMemoryGrainStorageAsDefault();
        silo.UseInMemoryReminderService();
    }
}
