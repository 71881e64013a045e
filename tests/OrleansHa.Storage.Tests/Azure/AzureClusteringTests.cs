using System.Net;
using System.Net.Sockets;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using OrleansHa.Storage.Tests.Cluster;

namespace OrleansHa.Storage.Tests.Azure;

/// <summary>
/// A system of two silos on nothing but Orleans' own Azure providers, against a real Azurite: Table clustering for
/// membership and the client's gateway list, blob grain state, table reminders. These are the providers cluster mode
/// stands on; the tests pin that our package set (Azure.Core above what Orleans asks for) runs them, that a silo
/// joins through the membership table, and that the state and reminders of a silo that leaves are served by the
/// other.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureClusteringTests(AzureProvidersFixture fixture)
{
    private readonly string _clusterId = "az" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task TwoSilos_OnTableClustering_JoinAndServeAClientFromTheGatewayTable()
    {
        using var first = await StartSiloAsync();
        using var second = await StartSiloAsync();
        using var client = await StartClientAsync();
        var cluster = client.Services.GetRequiredService<IClusterClient>();

        var hosts = await WaitForActiveSilosAsync(cluster, 2);
        var gateways = await client.Services.GetRequiredService<Orleans.Messaging.IGatewayListProvider>().GetGateways();

        Assert.Equal(2, hosts.Count);
        Assert.Equal(2, gateways.Count);
        var keys = Enumerable.Range(0, 20).Select(i => $"az-{i}-{Guid.NewGuid():N}").ToArray();
        var silos = await Task.WhenAll(keys.Select(k => cluster.GetGrain<IStorageProbeGrain>(k).GetSiloAsync()));
        Assert.Equal(2, silos.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task StateAndReminders_WhenTheirSiloLeaves_AreServedByTheOther()
    {
        var first = await StartSiloAsync();
        using var second = await StartSiloAsync();
        using var client = await StartClientAsync();
        var cluster = client.Services.GetRequiredService<IClusterClient>();
        await WaitForActiveSilosAsync(cluster, 2);
        var firstSilo = first.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToString();

        // Random placement: find grains that landed on the silo about to leave.
        var keys = new List<string>();
        for (var i = 0; keys.Count < 5 && i < 200; i++)
        {
            var key = $"leave-{i}-{Guid.NewGuid():N}";
            var grain = cluster.GetGrain<IStorageProbeGrain>(key);
            if (await grain.GetSiloAsync() == firstSilo)
            {
                await grain.IncrementAsync();
                await grain.IncrementAsync();
                await grain.RemindAsync("nightly");
                keys.Add(key);
            }
        }

        Assert.Equal(5, keys.Count);
        await first.StopAsync();
        first.Dispose();
        await WaitForActiveSilosAsync(cluster, 1);

        foreach (var key in keys)
        {
            var grain = cluster.GetGrain<IStorageProbeGrain>(key);
            Assert.NotEqual(firstSilo, await grain.GetSiloAsync());
            Assert.Equal(2, await grain.GetAsync());
            Assert.Equal(["nightly"], await grain.GetReminderNamesAsync());
            Assert.Equal(3, await grain.IncrementAsync());
        }
    }

    /// <summary>
    /// Membership converges on its own schedule (a joining silo is Active once the others have read the table):
    /// bounded polling for that asynchronous condition, at most 60 s.
    /// </summary>
    private static async Task<Dictionary<SiloAddress, SiloStatus>> WaitForActiveSilosAsync(IClusterClient client, int count)
    {
        var management = client.GetGrain<IManagementGrain>(0);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var hosts = await management.GetHosts(onlyActive: true);
            if (hosts.Count == count)
            {
                return hosts;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Expected {count} active silos in the membership table within 60 s; it lists {string.Join(", ", hosts.Select(h => $"{h.Key} {h.Value}"))}.");
            }

            await Task.Delay(200);
        }
    }

    private async Task<IHost> StartSiloAsync()
    {
        var connectionString = fixture.Azurite.ConnectionString;
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = _clusterId;
                o.ServiceId = "orleansha-tests";
            });
            silo.ConfigureEndpoints(IPAddress.Loopback, FreePort(), FreePort(), listenOnAnyHostAddress: false);
            silo.UseAzureStorageClustering(o => o.TableServiceClient = new TableServiceClient(connectionString));
            silo.AddAzureBlobGrainStorageAsDefault(o =>
            {
                o.BlobServiceClient = new BlobServiceClient(connectionString);
                o.ContainerName = _clusterId;
            });
            silo.UseAzureTableReminderService(o => o.TableServiceClient = new TableServiceClient(connectionString));
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private async Task<IHost> StartClientAsync()
    {
        var connectionString = fixture.Azurite.ConnectionString;
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = _clusterId;
                o.ServiceId = "orleansha-tests";
            });
            client.UseAzureStorageClustering(o => o.TableServiceClient = new TableServiceClient(connectionString));
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
