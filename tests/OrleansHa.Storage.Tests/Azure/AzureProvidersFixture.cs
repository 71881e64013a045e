using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace OrleansHa.Storage.Tests.Azure;

/// <summary>
/// Azurite, and one in-process silo on Orleans' own Azure providers against it: blob grain storage named
/// <see cref="StorageName"/> and the Azure table reminder table. The conformance kits take the providers from the
/// silo's services, started as a silo starts them.
/// </summary>
public sealed class AzureProvidersFixture : IAsyncLifetime
{
    public const string StorageName = "azure";

    private InProcessTestCluster? _cluster;

    public AzuriteFixture Azurite { get; } = new();

    public IGrainStorage Storage { get; private set; } = null!;

    public IReminderTable Reminders { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Azurite.InitializeAsync();
        var connectionString = Azurite.ConnectionString;
        _cluster = new InProcessTestClusterBuilder(1)
            .ConfigureSilo((_, silo) =>
            {
                silo.AddAzureBlobGrainStorage(StorageName, o =>
                {
                    o.BlobServiceClient = new BlobServiceClient(connectionString);
                    o.ContainerName = "conformance";
                });
                silo.UseAzureTableReminderService(o => o.TableServiceClient = new TableServiceClient(connectionString));
            })
            .Build();
        await _cluster.DeployAsync();
        var services = _cluster.GetSiloServiceProvider();
        Storage = services.GetRequiredKeyedService<IGrainStorage>(StorageName);
        Reminders = services.GetRequiredService<IReminderTable>();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        await Azurite.DisposeAsync();
    }
}
