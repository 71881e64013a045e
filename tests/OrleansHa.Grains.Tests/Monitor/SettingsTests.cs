using OrleansHa.FileSets;
using OrleansHa.Monitoring;
using OrleansHa.Settings;
using OrleansHa.Users;
using OrleansHa.Workers;

namespace OrleansHa.Grains.Tests.Monitor;

public sealed class SettingsTests(MonitorClusterFixture fixture) : IClassFixture<MonitorClusterFixture>
{
    private MonitorCluster C => fixture.Cluster;

    private ISettingsGrain Settings => C.Client.GetGrain<ISettingsGrain>(RegistryKeys.System);

    [Fact]
    public async Task ExportThenImport_WhenDocumentGainsAUserAndFileSet_CreatesThemAndTheirWorker()
    {
        await C.AddUserAsync("set1");
        await C.AddLocalDestinationAsync("SET1");
        await C.AddFileSetAsync(MonitorCluster.FileSet("set1", "a", C.Folder("home", "set1", "a"), "SET1", schedule: "daily 02:30"));
        MonitorCluster.AsAdmin();
        var exported = await Settings.ExportAsync();
        var json = SettingsJson.Serialize(exported);
        var document = SettingsJson.Deserialize(json);
        var home = C.Folder("home", "set1b");
        document = document with
        {
            Users = [.. document.Users, new UserSettings(new UserDefinition("set1b", MonitorCluster.ProcessUid, MonitorCluster.ProcessGid, 3, [home]), false)],
            FileSets = [.. document.FileSets, new FileSetSettings(MonitorCluster.FileSet("set1b", "x", home, "SET1"), false)],
        };

        MonitorCluster.AsAdmin();
        var result = await Settings.ImportAsync(document, coldStart: false);

        Assert.Contains("\"format\": \"orleansha-settings\"", json, StringComparison.Ordinal);
        Assert.Contains(exported.FileSets, f => f.Definition.Key == "set1/a" && f.Definition.Schedule == "daily 02:30");
        Assert.Contains(exported.Destinations, d => d.Definition.Name == "SET1");
        Assert.False(result.ColdStart);
        Assert.NotNull(await C.WorkerStatusAsync(WorkerKey.Format("set1b", "SET1", "default")));
    }

    [Fact]
    public async Task Import_WhenAnyPartIsWrong_ChangesNothingAndListsEveryProblem()
    {
        await C.AddLocalDestinationAsync("SET2");
        var home = C.Folder("home", "set2");
        var document = new SettingsDocument(SettingsDocument.FormatName, SettingsDocument.CurrentVersion, C.Clock.UtcNow,
            [
                new UserSettings(new UserDefinition("set2good", 0, 0, 3, [home]), false),
                new UserSettings(new UserDefinition("set2bad", 0, 0, 3, ["relative/path"]), false),
            ],
            [],
            [new FileSetSettings(MonitorCluster.FileSet("set2good", "x", home, "NOWHERE"), false)]);

        MonitorCluster.AsAdmin();
        var error = await Assert.ThrowsAsync<InvalidDefinitionException>(() => Settings.ImportAsync(document, coldStart: false));
        MonitorCluster.AsAdmin();
        var created = await C.Client.GetGrain<IUserGrain>("set2good").GetAsync();

        Assert.Contains("nothing was changed", error.Message, StringComparison.Ordinal);
        Assert.Contains("users[1] (set2bad): roots:", error.Message, StringComparison.Ordinal);
        Assert.Contains("fileSets[0] (set2good/x): destination:", error.Message, StringComparison.Ordinal);
        Assert.Null(created);
    }

    [Fact]
    public async Task Import_WithColdStart_ClearsCheckpointsAndRegistersSchedulesAfresh()
    {
        await C.AddUserAsync("set3");
        var destination = C.Folder("dest", "SET3");
        await C.AddLocalDestinationAsync("SET3", destination);
        var source = C.Folder("home", "set3", "a");
        await File.WriteAllTextAsync(Path.Combine(source, "f.txt"), "f");
        await C.AddFileSetAsync(MonitorCluster.FileSet("set3", "a", source, "SET3"));
        MonitorCluster.AsUser("set3");
        await C.Client.GetGrain<IFileSetGrain>("set3/a").SyncNowAsync(null);
        var key = WorkerKey.Format("set3", "SET3", "default");
        await MonitorCluster.EventuallyAsync(() => C.WorkerAsync(key), s => s.CheckpointCount == 1, "the first run's checkpoint");
        MonitorCluster.AsAdmin();
        var document = await Settings.ExportAsync();
        document = document with
        {
            FileSets = [.. document.FileSets.Select(f => f.Definition.Key == "set3/a" ? f with { Definition = f.Definition with { Schedule = "every 5m" } } : f)],
        };

        MonitorCluster.AsAdmin();
        var result = await Settings.ImportAsync(document, coldStart: true);
        var afterImport = await C.WorkerAsync(key);
        await C.NextScheduleTickAsync("set3/a");
        var scheduled = await MonitorCluster.EventuallyAsync(() => C.WorkerAsync(key), s => s.LastRun?.Reason == "schedule" && s.State == WorkerState.Idle, "a scheduled run after the cold start");

        Assert.True(result.ColdStart);
        Assert.Equal(0, afterImport.CheckpointCount);
        Assert.NotNull(afterImport.Assignment);
        Assert.Equal(1, scheduled.CheckpointCount);
    }
}
