using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Placement;
using Orleans.TestingHost;
using OrleansHa.Grains.Tests.Cluster;
using OrleansHa.Journals;
using OrleansHa.Security;
using OrleansHa.Storage;
using OrleansHa.Systems;

namespace OrleansHa.Grains.Tests.Journals;

/// <summary>
/// One system of two silos in one process, both with the same data folder: their journal stores write to one
/// journals.db. They must share the file's one writer (and its history id counter); two writers on one file hand out
/// the same history ids and fail with <c>UNIQUE constraint failed: history.id</c>.
/// </summary>
public sealed class TwoSilosOneFileTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);
    private readonly string _data = Path.Combine(Path.GetTempPath(), "orleansha-two-silos", Guid.NewGuid().ToString("N"));
    private readonly ClusterClock _clock = new(T0);
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddSqliteGrainStorageAsDefault(o => o.DataDirectory = _data);
            silo.UseSqliteReminderService(o => o.DataDirectory = _data);
            _clock.Install(silo);
            silo.Services.AddSingleton<IRemoteSystemConnector>(new ClusterConnector());
            silo.Services.AddOrleansHaGrains();
            silo.Services.Configure<JournalStoreOptions>(o => o.DataDirectory = _data);
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _clock.Dispose();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // A scratch folder left in /tmp is harmless.
        }
    }

    [Fact]
    public async Task AppendAsync_WhenJournalsOnBothSilosShareOneFile_EveryAppendIsStoredWithItsHistory()
    {
        var silos = _cluster.Silos.Select(s => s.SiloAddress).ToArray();
        CallerPrincipal.ActAs("admin", administrator: true);
        var journals = new IJournalGrain[6];
        for (var i = 0; i < journals.Length; i++)
        {
            // Activate each journal on a chosen silo, alternating, so both silos' stores write to the file.
            journals[i] = _cluster.Client.GetGrain<IJournalGrain>($"shared-{i}");
            RequestContext.Set(IPlacementDirector.PlacementHintKey, silos[i % silos.Length]);
            await journals[i].DefineAsync(new JournalDefinition([], []));
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }

        // Patches, which apply in any order (the appends to one journal may arrive in any order).
        var appends = journals.SelectMany((journal, j) => Enumerable.Range(0, 20).Select(round => journal.AppendAsync(
            $"r{round}",
            [.. Enumerable.Range(0, 10).Select(k => JournalChange.Patch($"k{k}", T0.AddSeconds(round), new() { ["round"] = $"{round}", ["journal"] = $"{j}" }))])));
        var results = await Task.WhenAll(appends);

        var hosts = (await _cluster.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics())
            .Where(s => s.GrainId.ToString().Contains("/shared-", StringComparison.Ordinal))
            .Select(s => s.SiloAddress)
            .Distinct()
            .Count();
        Assert.Equal(2, hosts);
        Assert.All(results, r => Assert.True(r.Accepted && r.Error is null, r.Error));
        foreach (var journal in journals)
        {
            Assert.Equal(200, (await journal.GetStatusAsync()).LastSequence);
            Assert.Equal(20, (await journal.GetHistoryAsync("k3", 100)).Length);
        }
    }
}
