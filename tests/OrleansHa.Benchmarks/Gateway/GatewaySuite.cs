using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using OrleansHa.Benchmarks.GrainCalls;
using OrleansHa.Monitoring;
using OrleansHa.Security;
using OrleansHa.Status;
using OrleansHa.Systems;

namespace OrleansHa.Benchmarks.Gateway;

/// <summary>
/// Client→silo calls through a real gateway on loopback TCP: the OrleansHa silo as it ships (TLS, session token on
/// every call, the call guard verifying it and the silo signing its own calls) beside a bare Orleans silo and client
/// with the same grains and neither TLS nor filters. Both answer the same trivial call, <see cref="IStatusGrain.PingAsync"/>,
/// so the difference is what TLS and the credential checks cost.
/// </summary>
public sealed class GatewaySuite : IBenchmarkSuite
{
    private const int Callers = 100;
    private const int ChunkCallers = 4;

    /// <inheritdoc />
    public string Name => "gateway";

    /// <inheritdoc />
    public string Description => "client→silo calls/s through the gateway (100 callers): TLS + session token + call guard vs a bare Orleans silo";

    /// <inheritdoc />
    public string Note => "both silos run in this process and are reached over loopback TCP by a client of their own; "
        + "the bare silo has our grains and memory storage but no TLS and no call filters, its client sets the principal in RequestContext. "
        + "1 MiB arguments: IReplicaReceiverGrain.WriteChunkAsync (the silo transport's chunk call; the receiver writes the MiB into its staging file, page cache only), one receiver per caller. "
        + "Target: the checks and TLS cost at most 30% of calls/s (ratio ≥ 0.7).";

    /// <inheritdoc />
    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var duration = TimeSpan.FromSeconds(context.Quick ? 1 : 3);
        var rounds = context.Quick ? 1 : 3;
        var root = Directory.CreateDirectory(Path.Combine(context.WorkDirectory, "gateway")).FullName;

        context.Log.WriteLine("[gateway] starting the OrleansHa silo (TLS), one without TLS and a bare Orleans silo");
        await using var secured = await SecuredSilo.StartAsync(Path.Combine(root, "secured"), "BENCH", cancellationToken);
        await using var plainText = await SecuredSilo.StartAsync(Path.Combine(root, "no-tls"), "BENCHPLAIN", cancellationToken, tls: false);
        await using var bare = await BareSilo.StartAsync(root, cancellationToken);
        await using var connection = await secured.ConnectAsync(cancellationToken);
        await using var plainConnection = await plainText.ConnectAsync(cancellationToken);

        var ours = connection.Client.GetGrain<IStatusGrain>(RegistryKeys.System);
        var plain = bare.Client.GetGrain<IStatusGrain>(RegistryKeys.System);
        var checksOnly = plainConnection.Client.GetGrain<IStatusGrain>(RegistryKeys.System);
        CallerPrincipal.ActAs("admin", administrator: true);
        var paths = new (string Name, Func<int, long, Task> Call)[]
        {
            ("bare Orleans gateway", (_, _) => plain.PingAsync()),
            ("OrleansHa gateway, TLS + token + guard", (_, _) => ours.PingAsync()),
            ("OrleansHa gateway, token + guard, no TLS", (_, _) => checksOnly.PingAsync()),
        };

        var figures = await CallRounds.RunAsync(paths, Callers, TimeSpan.FromMilliseconds(500), duration, rounds, context.Log, Name);
        var baseline = figures[paths[0].Name];
        var secure = figures[paths[1].Name];
        var unencrypted = figures[paths[2].Name];
        var rows = new List<BenchmarkResult>
        {
            new($"{paths[1].Name} calls/s, {Callers} callers", secure.CallsPerSecond, baseline.CallsPerSecond, "calls/s", paths[0].Name, "ratio ≥ 0.7", secure.CallsPerSecond >= 0.7 * baseline.CallsPerSecond),
            new($"{paths[1].Name} p50", secure.P50, baseline.P50, "ms", paths[0].Name, "-", null),
            new($"{paths[1].Name} p99", secure.P99, baseline.P99, "ms", paths[0].Name, "-", null),
            new($"{paths[2].Name} calls/s (what the checks alone cost)", unencrypted.CallsPerSecond, baseline.CallsPerSecond, "calls/s", paths[0].Name, "-", null),
        };

        // 1 MiB arguments: the silo transport's own chunk call, each caller rewriting the first MiB of its own upload.
        context.Log.WriteLine($"[gateway] 1 MiB arguments: {ChunkCallers} callers of IReplicaReceiverGrain.WriteChunkAsync");
        var oursChunks = await ChunkReceivers.OpenAsync(connection.Client, Path.Combine(root, "secured-chunks"), ChunkCallers);
        var bareChunks = await ChunkReceivers.OpenAsync(bare.Client, Path.Combine(root, "bare-chunks"), ChunkCallers);
        var chunk = new byte[ChunkReceivers.ChunkBytes];
        Random.Shared.NextBytes(chunk);
        var chunkPaths = new (string Name, Func<int, long, Task> Call)[]
        {
            ("bare Orleans gateway, 1 MiB", (caller, _) => bareChunks[caller].Receiver.WriteChunkAsync(bareChunks[caller].Upload, 0, chunk)),
            ("OrleansHa gateway, 1 MiB", (caller, _) => oursChunks[caller].Receiver.WriteChunkAsync(oursChunks[caller].Upload, 0, chunk)),
        };
        var chunkFigures = await CallRounds.RunAsync(chunkPaths, ChunkCallers, TimeSpan.FromMilliseconds(500), duration, rounds, context.Log, Name);
        var bareMiB = chunkFigures[chunkPaths[0].Name];
        var oursMiB = chunkFigures[chunkPaths[1].Name];
        rows.Add(new($"1 MiB arguments, TLS + token + guard, {ChunkCallers} callers", oursMiB.CallsPerSecond, bareMiB.CallsPerSecond, "MiB/s", "bare Orleans gateway, 1 MiB", "-", null));
        rows.Add(new("1 MiB arguments p50", oursMiB.P50, bareMiB.P50, "ms", "bare Orleans gateway, 1 MiB", "-", null));
        return rows;
    }

    /// <summary>A bare Orleans silo with our grains and a bare client to it; no TLS, no filters.</summary>
    private sealed class BareSilo(IHost silo, IHost client) : IAsyncDisposable
    {
        public IClusterClient Client => client.Services.GetRequiredService<IClusterClient>();

        public static async Task<BareSilo> StartAsync(string root, CancellationToken cancellationToken)
        {
            var gatewayPort = SecuredSilo.FreePort();
            var siloBuilder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            siloBuilder.UseOrleans(silo =>
            {
                silo.UseLocalhostClustering(SecuredSilo.FreePort(), gatewayPort, serviceId: SystemNames.ServiceId, clusterId: "BARE");
                silo.AddMemoryGrainStorageAsDefault();
                silo.UseInMemoryReminderService();
                silo.AddBenchGrains(Path.Combine(root, "bare"));
            });
            var silo = siloBuilder.Build();
            await silo.StartAsync(cancellationToken);

            var clientBuilder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            clientBuilder.UseOrleansClient(c =>
            {
                c.UseStaticClustering(new IPEndPoint(IPAddress.Loopback, gatewayPort));
                c.Configure<ClusterOptions>(o => { o.ClusterId = "BARE"; o.ServiceId = SystemNames.ServiceId; });
            });
            var client = clientBuilder.Build();
            await client.StartAsync(cancellationToken);
            return new BareSilo(silo, client);
        }

        public async ValueTask DisposeAsync()
        {
            await client.StopAsync();
            client.Dispose();
            await silo.StopAsync();
            silo.Dispose();
        }
    }
}
