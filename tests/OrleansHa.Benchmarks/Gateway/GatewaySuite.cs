using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using OrleansHa.Runtime.Gateway.Client;
using OrleansHa.Runtime.Gateway.Server;
using OrleansHa.Silo.Hosting;

namespace OrleansHa.Benchmarks.Gateway;

/// <summary>
/// Client → silo over the gateway on loopback: small calls per second with 100 concurrent callers on one connection,
/// and bytes per second for 1 MiB arguments; beside the same frames echoed over the same connection code.
/// </summary>
public sealed class GatewaySuite : IBenchmarkSuite
{
    private const int Callers = 100;
    private const int BulkSize = 1024 * 1024;
    private const string Secret = "benchmark-secret-0123456789";

    /// <inheritdoc/>
    public string Name => "gateway";

    /// <inheritdoc/>
    public string Description => "client→silo calls/s (100 callers) and MB/s (1 MiB arguments) over the gateway vs a framed TCP echo";

    /// <inheritdoc/>
    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var smallDuration = TimeSpan.FromSeconds(context.Quick ? 1 : 5);
        var bulkDuration = TimeSpan.FromSeconds(context.Quick ? 1.5 : 6);

        var builder = SiloHostExtensions.CreateSiloBuilder([
            "--storage", "memory", "--gateway", "127.0.0.1:0", "--health", "127.0.0.1:0", "--system-name", "BENCH",
            "--data-folder", Path.Combine(context.WorkDirectory, "silo"), "--Silo:InitialAdministratorSecret", Secret,
            "--Serilog:MinimumLevel:Default", "Warning", "--Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime", "Warning"]);
        builder.AddOrleansHaSilo();
        await using var app = builder.Build();
        await app.StartAsync(cancellationToken);
        var gateway = app.Services.GetRequiredService<GatewayServer>().LocalEndpoint!.ToString();
        await using var client = await GatewayClient.ConnectAsync(new GatewayClientOptions { Gateway = gateway, User = "admin", Secret = Secret }, null, cancellationToken);
        var grains = Enumerable.Range(0, 8).Select(i => client.GrainFactory.GetGrain<IGatewayBenchGrain>(i)).ToArray();
        var payload = new byte[BulkSize];
        Random.Shared.NextBytes(payload);

        await using var echo = new FrameEchoBaseline();
        await echo.StartAsync();

        // Warm up both paths (JIT, pools, activations).
        await RunCallersAsync(TimeSpan.FromMilliseconds(500), Callers, i => grains[i % grains.Length].AddAsync(i, 1));
        await RunCallersAsync(TimeSpan.FromMilliseconds(500), Callers, _ => echo.CallAsync(payload.AsSpan(0, 16)));

        var local = app.Services.GetRequiredService<IGrainFactory>();
        var localGrains = Enumerable.Range(0, 8).Select(i => local.GetGrain<IGatewayBenchGrain>(i)).ToArray();

        // Alternate rounds and keep each side's best, so a burst of load on a shared machine does not favour one side.
        context.Log.WriteLine("[gateway] small calls");
        double oursCalls = 0, baseCalls = 0, localCalls = 0;
        for (var round = 0; round < 3; round++)
        {
            oursCalls = Math.Max(oursCalls, await RunCallersAsync(smallDuration / 3, Callers, i => grains[i % grains.Length].AddAsync(i, 1)));
            baseCalls = Math.Max(baseCalls, await RunCallersAsync(smallDuration / 3, Callers, _ => echo.CallAsync(payload.AsSpan(0, 16))));
            localCalls = Math.Max(localCalls, await RunCallersAsync(smallDuration / 3, Callers, i => localGrains[i % localGrains.Length].AddAsync(i, 1)));
        }

        context.Log.WriteLine("[gateway] 1 MiB arguments");
        const int BulkCallers = 4;
        double oursBulk = 0, baseBulk = 0;
        for (var round = 0; round < 3; round++)
        {
            oursBulk = Math.Max(oursBulk, await RunCallersAsync(bulkDuration / 3, BulkCallers, i => grains[i % grains.Length].LengthAsync(payload)) * BulkSize / 1e6);
            baseBulk = Math.Max(baseBulk, await RunCallersAsync(bulkDuration / 3, BulkCallers, _ => echo.CallAsync(payload)) * BulkSize / 1e6);
        }

        await app.StopAsync(cancellationToken);
        return
        [
            new("grain calls/s, 100 callers, 1 connection", oursCalls, baseCalls, "calls/s", "framed TCP echo", "≥ 50,000", oursCalls >= 50_000),
            new("1 MiB argument, 4 callers", oursBulk, baseBulk, "MB/s", "framed TCP echo", "≥ 200", oursBulk >= 200),
            new("grain calls/s, 100 callers, in the silo (no gateway)", localCalls, null, "calls/s", "-", "for reference", null),
        ];
    }

    /// <summary>Runs <paramref name="callers"/> loops of calls for <paramref name="duration"/>; returns completed calls per second.</summary>
    private static async Task<double> RunCallersAsync(TimeSpan duration, int callers, Func<int, Task<int>> call)
    {
        long completed = 0;
        var watch = Stopwatch.StartNew();
        var loops = Enumerable.Range(0, callers).Select(async caller =>
        {
            await Task.Yield();
            while (watch.Elapsed < duration)
            {
                await call(caller);
                Interlocked.Increment(ref completed);
            }
        });
        await Task.WhenAll(loops);
        return completed / watch.Elapsed.TotalSeconds;
    }
}
