using Orleans.Hosting;
using OrleansHa.Grains;
using OrleansHa.Grains.Journals;
using OrleansHa.Grains.Monitoring;
using OrleansHa.Storage;

namespace OrleansHa.Silo.Hosting;

/// <summary>The runtime part of the silo's composition: the silo itself, its storage, and the grains' services.</summary>
internal static class SiloRuntimeRegistration
{
    public static void AddSiloRuntime(this WebApplicationBuilder builder, SiloSettings settings)
    {
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(gatewayPort: settings.Gateway.Port, serviceId: "orleansha", clusterId: settings.SystemName);
            if (settings.Storage == SiloStorageKind.Memory)
            {
                silo.AddMemoryGrainStorageAsDefault();
                silo.UseInMemoryReminderService();
            }
        });

        switch (settings.Storage)
        {
            case SiloStorageKind.Sqlite:
                builder.Services.AddOrleansHaStorage(storage =>
                {
                    storage.Provider = StorageProviderKind.Sqlite;
                    storage.Sqlite.DataDirectory = settings.DataFolder;
                });
                break;
            case SiloStorageKind.AzureBlob:
                builder.Services.AddOrleansHaStorage(storage =>
                {
                    storage.Provider = StorageProviderKind.AzureBlob;
                    storage.AzureBlob.ConnectionString = settings.AzureConnectionString!;
                    storage.AzureBlob.ContainerName = settings.AzureContainer;
                    storage.AzureBlob.ReminderContainerName = settings.AzureContainer + "-reminders";
                });
                break;
        }

        // The grains' own services (the monitor, the sync engine, …), their options bound by section; folders the
        // silo's settings leave unset go into the data folder.
        builder.Services.AddOrleansHaGrains(builder.Configuration);
        builder.Services.PostConfigure<MonitorOptions>(monitor =>
        {
            if (builder.Configuration[$"{MonitorOptions.SectionName}:{nameof(MonitorOptions.CheckpointDirectory)}"] is null)
            {
                monitor.CheckpointDirectory = Path.Combine(settings.DataFolder, "checkpoints");
            }

            if (builder.Configuration[$"{MonitorOptions.SectionName}:{nameof(MonitorOptions.StagingDirectory)}"] is null)
            {
                monitor.StagingDirectory = Path.Combine(settings.DataFolder, "incoming");
            }
        });

        // Journals keep their database (journals.db) in the data folder unless Journals:DataDirectory says otherwise,
        // and always ship as this system.
        builder.Services.PostConfigure<JournalStoreOptions>(journals =>
        {
            if (string.IsNullOrWhiteSpace(journals.DataDirectory))
            {
                journals.DataDirectory = settings.DataFolder;
            }
        });
        builder.Services.PostConfigure<JournalOptions>(journals => journals.SystemName = settings.SystemName);
        builder.Services.AddHostedService<JournalResumeService>();
    }
}
