using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;
using OrleansHa.Storage.Tests.AzureBlob;

namespace OrleansHa.Storage.Tests.Cluster;

/// <summary>
/// Grain state and reminders through a silo (the runtime's in-process test cluster) and a silo restart, with the
/// provider chosen by the one configuration setting <c>Storage:Provider</c>.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ClusterStorageTests(AzuriteFixture azurite) : IDisposable
{
    private readonly TempDirectory _directory = new("cluster");

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("AzureBlob")]
    public async Task PersistentState_WhenSiloRestarts_KeepsStateAndReminders(string provider)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = provider,
            ["Storage:Sqlite:DataDirectory"] = _directory.Path,
            ["Storage:AzureBlob:ConnectionString"] = azurite.ConnectionString,
            ["Storage:AzureBlob:ContainerName"] = "cluster-state",
            ["Storage:AzureBlob:ReminderContainerName"] = "cluster-reminders",
        };
        await using var cluster = new InProcessTestClusterBuilder()
            .ConfigureHost(host => host.Configuration.AddInMemoryCollection(settings))
            .ConfigureSilo((_, silo) => silo.UseOrleansHaStorage())
            .Build();
        await cluster.DeployAsync();
        var key = Guid.NewGuid().ToString("N");
        var grain = cluster.Client.GetGrain<IStorageProbeGrain>(key);
        await grain.IncrementAsync();
        await grain.IncrementAsync();
        await grain.RemindAsync("nightly");

        await cluster.RestartSiloAsync(cluster.Silos[0]);
        var again = cluster.Client.GetGrain<IStorageProbeGrain>(key);

        Assert.Equal(2, await again.GetAsync());
        Assert.Equal(["nightly"], await again.GetReminderNamesAsync());
        Assert.Equal(3, await again.IncrementAsync());
    }
}
