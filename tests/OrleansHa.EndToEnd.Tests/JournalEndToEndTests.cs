using System.Diagnostics;
using System.Text.Json.Nodes;
using OrleansHa.EndToEnd.Tests.Infrastructure;
using OrleansHa.Journals;
using OrleansHa.Runtime.Gateway.Client;
using OrleansHa.Systems;

namespace OrleansHa.EndToEnd.Tests;

/// <summary>Two silo processes, PROD shipping a journal to BACKUP through BACKUP's gateway; PROD is SIGKILLed mid-ship.</summary>
public sealed class JournalEndToEndTests : IAsyncLifetime
{
    private const int Batches = 60;
    private const int BatchSize = 500;
    private const long Total = Batches * BatchSize;
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();
    private SiloProcess _backup = null!;
    private SiloProcess _prod = null!;

    public async Task InitializeAsync()
    {
        _backup = new SiloProcess(Path.Combine(_folder.Path, "backup"), "BACKUP");
        _prod = new SiloProcess(Path.Combine(_folder.Path, "prod"), "PROD");
        await Task.WhenAll(_backup.StartAsync(), _prod.StartAsync("--Journals:ShipBatchSize", "500"));
        AddRemoteCredential(Path.Combine(_prod.DataFolder, "credentials.json"), "backup-admin", "admin", SiloProcess.DefaultSecret);
    }

    public async Task DisposeAsync()
    {
        await _prod.DisposeAsync();
        await _backup.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Ship_WhenSenderIsKilledMidShip_ReplicaEndsWithEverythingOnceAfterRestart()
    {
        await using (var prod = await ConnectAsync(_prod))
        {
            var journal = prod.GrainFactory.GetGrain<IJournalGrain>("orders");
            await journal.DefineAsync(new JournalDefinition([new RemoteSystemAddress("BACKUP", _backup.Gateway, "backup-admin")], []));
            for (var b = 0; b < Batches; b++)
            {
                var result = await journal.AppendAsync($"load-{b}", Batch(b * BatchSize, BatchSize));
                Assert.True(result.Accepted, result.Error);
            }

            // Kill PROD as soon as BACKUP has acknowledged some, but not all, of it.
            var acknowledged = await WaitAsync(async () => (await journal.GetStatusAsync()).Receivers.Single().Acknowledged, a => a > 0, TimeSpan.FromSeconds(60));
            Assert.InRange(acknowledged, 1, Total - 1);
        }

        await _prod.KillAsync();
        var restarted = new SiloProcess(_prod.DataFolder, "PROD", gatewayPort: _prod.GatewayPort, healthPort: _prod.HealthPort);
        await restarted.StartAsync("--Journals:ShipBatchSize", "500");
        _prod = restarted;

        await using var prodAgain = await ConnectAsync(_prod);
        await using var backup = await ConnectAsync(_backup);
        var status = await prodAgain.GrainFactory.GetGrain<IJournalGrain>("orders").GetStatusAsync();
        var replica = backup.GrainFactory.GetGrain<IRemoteJournalGrain>("orders@PROD");
        var applied = await WaitAsync(async () => (await replica.GetStatusAsync()).LastApplied, a => a == Total, TimeSpan.FromSeconds(120));

        Assert.Equal(Total, status.LastSequence);
        Assert.Equal(Total, applied);
        var final = await replica.GetStatusAsync();
        Assert.Equal(Total, final.Applied);
        Assert.Equal(0, final.GapsRefused);
        Assert.Equal($"{Total - 1}", (await replica.GetRecordAsync($"k{Total - 1:D6}"))!.Fields["n"]);
        Assert.Single(await replica.GetHistoryAsync("k000000", 10));
    }

    private static JournalChange[] Batch(int from, int count)
        => [.. Enumerable.Range(from, count).Select(i => JournalChange.Put($"k{i:D6}", T0.AddMilliseconds(i), new() { ["n"] = $"{i}" }))];

    private static Task<GatewayClient> ConnectAsync(SiloProcess silo)
        => GatewayClient.ConnectAsync(new GatewayClientOptions { Gateway = silo.Gateway, User = "admin", Secret = SiloProcess.DefaultSecret }, services: null, CancellationToken.None);

    private static async Task<long> WaitAsync(Func<Task<long>> read, Func<long, bool> done, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        var value = await read();
        while (!done(value) && clock.Elapsed < limit)
        {
            await Task.Delay(20);
            value = await read();
        }

        return value;
    }

    /// <summary>Adds a credential for another system to a silo's credentials file (the silo reloads it when it changes).</summary>
    private static void AddRemoteCredential(string file, string name, string user, string secret)
    {
        var document = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        var key = document.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, "remotes", StringComparison.OrdinalIgnoreCase)) ?? "remotes";
        var remotes = document[key] as JsonArray ?? [];
        remotes.Add(new JsonObject { ["name"] = name, ["user"] = user, ["secret"] = secret });
        document[key] = remotes;
        File.WriteAllText(file, document.ToJsonString());
    }
}
