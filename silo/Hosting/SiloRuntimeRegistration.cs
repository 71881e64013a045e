using Orleans.Configuration;
using Orleans.Connections.Security;
using OrleansHa.Grains;
using OrleansHa.Grains.Destinations;
using OrleansHa.Grains.Journals;
using OrleansHa.Journals;
using OrleansHa.Grains.Monitoring;
using OrleansHa.Grains.Roles;
using OrleansHa.Silo.Security;
using OrleansHa.Storage;
using OrleansHa.Systems;

namespace OrleansHa.Silo.Hosting;

/// <summary>The Orleans part of the silo's composition: the silo itself, its storage, its security, and the grains' services.</summary>
internal static class SiloRuntimeRegistration
{
    public static void AddSiloRuntime(this WebApplicationBuilder builder, SiloSettings settings)
    {
        var advertised = SiloAdvertisedAddress.Resolve(settings);
        builder.UseOrleans(silo =>
        {
            AddClustering(silo, settings);
            silo.Configure<EndpointOptions>(endpoints =>
            {
                endpoints.AdvertisedIPAddress = advertised;
                endpoints.SiloListeningEndpoint = settings.SiloEndpoint;
                endpoints.GatewayListeningEndpoint = settings.Gateway;
                endpoints.SiloPort = settings.SiloEndpoint.Port;
                endpoints.GatewayPort = settings.Gateway.Port;
            });
            silo.Configure<SiloMessagingOptions>(messaging => messaging.ResponseTimeout = TimeSpan.FromSeconds(30));
            AddStorage(silo, settings);
            AddSecurity(silo, settings);
        });

        // A shared journal store first: the grains' registration adds the SQLite store only where none is registered.
        if (settings.JournalStore == JournalStoreKind.Postgres)
        {
            builder.Services.AddPostgresJournalStore(postgres => postgres.ConnectionString = settings.JournalConnectionString!, builder.Configuration);
        }

        // The grains' own services (the monitor, the sync engine, …), their options bound by section; folders the
        // silo's settings leave unset go into the data folder.
        builder.Services.AddOrleansHaGrains(builder.Configuration);
        builder.Services.AddReplicaReceiverOptions(builder.Configuration);
        builder.Services.AddSingleton(_ => OrleansHa.Sync.TemporaryNames.LoadOrCreate(TemporaryNamesKeyFile(settings)));
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

        // Journals on SQLite keep their database (journals.db) in the data folder unless Journals:DataDirectory says
        // otherwise, and always ship as this system.
        builder.Services.PostConfigure<JournalStoreOptions>(journals =>
        {
            if (string.IsNullOrWhiteSpace(journals.DataDirectory))
            {
                journals.DataDirectory = settings.DataFolder;
            }
        });
        builder.Services.PostConfigure<JournalOptions>(journals => journals.SystemName = settings.SystemName);
        builder.Services.PostConfigure<RoleOptions>(roles => roles.SystemName = settings.SystemName);
        builder.Services.AddHostedService<JournalResumeService>();
    }

    /// <summary>
    /// The key that names temporary files. One silo keeps it in its data folder; in cluster mode it sits beside the
    /// signing key, which every silo of the system shares, so a half-written file one silo left is recognised (and
    /// cleaned up) by the silo a worker moves to.
    /// </summary>
    internal static string TemporaryNamesKeyFile(SiloSettings settings)
        => settings.Cluster == SiloClusterKind.Azure
            ? Path.Combine(Path.GetDirectoryName(settings.SigningKeyFile)!, "temporary-names.key")
            : Path.Combine(settings.DataFolder, "temporary-names.key");

    private static void AddClustering(ISiloBuilder silo, SiloSettings settings)
    {
        // A system's name is its cluster id (clients name it to connect); every system shares one service id.
        switch (settings.Cluster)
        {
            case SiloClusterKind.Localhost:
                silo.UseLocalhostClustering(settings.SiloEndpoint.Port, settings.Gateway.Port, serviceId: SystemNames.ServiceId, clusterId: settings.SystemName);
                break;
            case SiloClusterKind.Azure:
                silo.Configure<ClusterOptions>(cluster =>
                {
                    cluster.ClusterId = settings.SystemName;
                    cluster.ServiceId = SystemNames.ServiceId;
                });
                silo.UseAzureStorageClustering(table => table.TableServiceClient = new Azure.Data.Tables.TableServiceClient(settings.AzureConnectionString));
                silo.Configure<ClusterMembershipOptions>(ClusterMembership.Configure);
                break;
        }
    }

    private static void AddStorage(ISiloBuilder silo, SiloSettings settings)
    {
        switch (settings.Storage)
        {
            case SiloStorageKind.Sqlite:
                silo.AddSqliteGrainStorageAsDefault(sqlite => sqlite.DataDirectory = settings.DataFolder);
                silo.UseSqliteReminderService(sqlite => sqlite.DataDirectory = settings.DataFolder);
                break;
            case SiloStorageKind.AzureBlob:
                silo.AddAzureBlobGrainStorageAsDefault(blob =>
                {
                    blob.BlobServiceClient = new Azure.Storage.Blobs.BlobServiceClient(settings.AzureConnectionString);
                    blob.ContainerName = settings.AzureContainer;
                });
                silo.UseAzureTableReminderService(table => table.TableServiceClient = new Azure.Data.Tables.TableServiceClient(settings.AzureConnectionString));
                break;
            case SiloStorageKind.Memory:
                silo.AddMemoryGrainStorageAsDefault();
                silo.UseInMemoryReminderService();
                break;
        }
    }

    private static void AddSecurity(ISiloBuilder silo, SiloSettings settings)
    {
        silo.Services.AddSingleton(_ => SiloSigningKey.LoadOrCreate(settings.SigningKeyFile));
        silo.Services.AddSingleton<SiloCallSignature>();
        silo.Services.AddSingleton<SessionTokenService>();
        silo.Services.AddSingleton<LoginThrottle>();
        silo.AddOutgoingGrainCallFilter<SiloCallSigner>();
        silo.AddIncomingGrainCallFilter<CallGuard>();

        // Before UseTls, so a connection over a cap is closed before its TLS handshake.
        silo.Services.AddSingleton(sp => new GatewayConnectionLimit(settings.MaxGatewayConnections, settings.MaxGatewayConnectionsPerAddress, sp.GetRequiredService<ILoggerFactory>().CreateLogger<GatewayConnectionLimit>()));
        silo.Services.AddOptions<SiloConnectionOptions>().Configure<GatewayConnectionLimit>((connections, limit) => connections.ConfigureGatewayInboundConnection(gateway => gateway.Use(limit.Middleware)));
        if (settings.TlsCertificate is { } certificate)
        {
            silo.UseTls(certificate, tls =>
            {
                // One TlsOptions covers the gateway and silo-to-silo links. Clients show a certificate only when
                // mutual TLS is asked for; other silos of this system present the same certificate.
                tls.RemoteCertificateMode = settings.RequireClientCertificate ? RemoteCertificateMode.RequireCertificate : RemoteCertificateMode.NoCertificate;
                tls.ClientCertificateMode = settings.RequireClientCertificate ? RemoteCertificateMode.RequireCertificate : RemoteCertificateMode.NoCertificate;
                tls.OnAuthenticateAsClient = (_, authentication) => authentication.TargetHost ??= "orleansha";
                if (!settings.RequireClientCertificate)
                {
                    tls.AllowAnyRemoteCertificate();
                }
            });
        }
    }
}
