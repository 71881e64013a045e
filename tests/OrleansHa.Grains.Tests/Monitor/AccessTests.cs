using OrleansHa.Destinations;
using OrleansHa.FileSets;
using OrleansHa.Monitoring;
using OrleansHa.Security;
using OrleansHa.Settings;
using OrleansHa.Status;
using OrleansHa.Users;
using OrleansHa.Workers;

namespace OrleansHa.Grains.Tests.Monitor;

public sealed class AccessTests(MonitorClusterFixture fixture) : IClassFixture<MonitorClusterFixture>
{
    private MonitorCluster C => fixture.Cluster;

    [Fact]
    public async Task GetFileSet_WhenAnotherUserAsks_IsDenied()
    {
        await C.AddUserAsync("owner1");
        await C.AddUserAsync("intruder1");
        await C.AddLocalDestinationAsync("A1");
        await C.AddFileSetAsync(MonitorCluster.FileSet("owner1", "payroll", C.Folder("home", "owner1", "p"), "A1"));

        MonitorCluster.AsUser("intruder1");
        var grain = C.Client.GetGrain<IFileSetGrain>("owner1/payroll");
        var read = await Assert.ThrowsAsync<AccessDeniedException>(() => grain.GetAsync());
        MonitorCluster.AsUser("intruder1");
        await Assert.ThrowsAsync<AccessDeniedException>(() => grain.SyncNowAsync(null));
        MonitorCluster.AsUser("intruder1");
        await Assert.ThrowsAsync<AccessDeniedException>(() => grain.RemoveAsync());

        Assert.Contains("user intruder1", read.Message, StringComparison.Ordinal);
        Assert.Contains("owner1", read.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppendActivity_WhenTheAdministratorCallsIt_IsRefusedAsInternalToTheSilos()
    {
        await C.AddUserAsync("owner9");
        var run = new RunRecord("owner9/forged", "A9", "sync now", C.Clock.UtcNow, C.Clock.UtcNow, RunOutcome.Succeeded, 1, 1, 0, 1, [], null, "forged");
        var log = C.Client.GetGrain<IActivityLogGrain>("owner9");

        MonitorCluster.AsAdmin();
        var refused = await Assert.ThrowsAsync<AccessDeniedException>(() => log.AppendAsync(run));
        MonitorCluster.AsAdmin();
        var afterAdmin = await log.QueryAsync(new ActivityQuery());
        MonitorCluster.AsSilo();
        await log.AppendAsync(run);
        MonitorCluster.AsAdmin();
        var afterSilo = await log.QueryAsync(new ActivityQuery());

        Assert.Contains("administrator admin", refused.Message, StringComparison.Ordinal);
        Assert.Contains("internal to the silos", refused.Message, StringComparison.Ordinal);
        Assert.Empty(afterAdmin);
        Assert.Equal(["forged"], afterSilo.Select(r => r.RunId));
    }

    [Fact]
    public async Task DefineFileSet_WhenTheSourceIsALinkLeadingOutOfTheOwnersRoots_IsRefusedNamingTheField()
    {
        await C.AddUserAsync("owner10");
        await C.AddLocalDestinationAsync("A10");
        var outside = C.Folder("elsewhere", "owner10-secrets");
        var link = Path.Combine(C.Folder("home", "owner10"), "innocent");
        File.CreateSymbolicLink(link, outside);

        var error = await Assert.ThrowsAsync<InvalidDefinitionException>(() => C.AddFileSetAsync(MonitorCluster.FileSet("owner10", "a", link, "A10")));
        MonitorCluster.AsAdmin();
        var stored = await C.Client.GetGrain<IFileSetGrain>("owner10/a").GetAsync();

        Assert.Equal("source", error.Field);
        Assert.Contains("symbolic link", error.Message, StringComparison.Ordinal);
        Assert.Contains(outside, error.Message, StringComparison.Ordinal);
        Assert.Null(stored);
    }

    [Fact]
    public async Task DefineFileSet_WhenSourceIsOutsideTheOwnersRoots_IsRefusedNamingTheField()
    {
        await C.AddUserAsync("owner2");
        await C.AddLocalDestinationAsync("A2");
        var outside = C.Folder("home", "someone-else");

        var error = await Assert.ThrowsAsync<InvalidDefinitionException>(() => C.AddFileSetAsync(MonitorCluster.FileSet("owner2", "x", outside, "A2")));

        Assert.StartsWith("source:", error.Message, StringComparison.Ordinal);
        Assert.Contains("outside owner2's roots", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DefineFileSet_WhenSourceEscapesWithDotDot_IsRefused()
    {
        await C.AddUserAsync("owner3");
        await C.AddLocalDestinationAsync("A3");
        var escaping = Path.Combine(C.Folder("home", "owner3"), "..", "owner2");

        var error = await Assert.ThrowsAsync<InvalidDefinitionException>(() => C.AddFileSetAsync(MonitorCluster.FileSet("owner3", "x", escaping, "A3")));

        Assert.Equal("source", error.Field);
    }

    [Fact]
    public async Task DefineFileSet_WhenInputIsBad_EachErrorNamesTheFieldAndWhatIsAllowed()
    {
        await C.AddUserAsync("owner4", maxPriority: 4);
        await C.AddLocalDestinationAsync("A4");
        var source = C.Folder("home", "owner4", "d");
        await C.AddFileSetAsync(MonitorCluster.FileSet("owner4", "dup", source, "A4"));

        var unknown = await Assert.ThrowsAsync<InvalidDefinitionException>(() => C.AddFileSetAsync(MonitorCluster.FileSet("owner4", "u", source, "NOPE")));
        var schedule = await Assert.ThrowsAsync<InvalidDefinitionException>(() => C.AddFileSetAsync(MonitorCluster.FileSet("owner4", "s", source, "A4", schedule: "every 30s")));
        var malformed = await Assert.ThrowsAsync<InvalidDefinitionException>(() => C.AddFileSetAsync(MonitorCluster.FileSet("owner4", "m", source, "A4", schedule: "weekly")));
        var priority = await Assert.ThrowsAsync<InvalidDefinitionException>(() => C.AddFileSetAsync(MonitorCluster.FileSet("owner4", "p", source, "A4", priority: 7)));
        var duplicate = await Assert.ThrowsAsync<InvalidDefinitionException>(() => C.AddFileSetAsync(MonitorCluster.FileSet("owner4", "dup", source, "A4")));

        Assert.Equal("destination", unknown.Field);
        Assert.Contains("A4", unknown.Message, StringComparison.Ordinal);
        Assert.Equal("schedule", schedule.Field);
        Assert.Contains("1-minute minimum", schedule.Message, StringComparison.Ordinal);
        Assert.Equal("schedule", malformed.Field);
        Assert.Contains("daily HH:MM", malformed.Message, StringComparison.Ordinal);
        Assert.Equal("priority", priority.Field);
        Assert.Contains("allowed: 0..4", priority.Message, StringComparison.Ordinal);
        Assert.Equal("name", duplicate.Field);
        Assert.Contains("already exists", duplicate.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyncNow_WhenALocalTargetPathNamesAnotherUsersFolder_StaysUnderTheCallersOwnPrefix()
    {
        await C.AddUserAsync("victim7");
        await C.AddUserAsync("intruder7");
        var destination = C.Folder("dest", "A7");
        await C.AddLocalDestinationAsync("A7", destination);
        var victimSource = C.Folder("home", "victim7", "docs");
        await File.WriteAllTextAsync(Path.Combine(victimSource, "secret.txt"), "victim's");
        await C.AddFileSetAsync(MonitorCluster.FileSet("victim7", "docs", victimSource, "A7", targetPath: "docs"));
        var intruderSource = C.Folder("home", "intruder7", "docs");
        await File.WriteAllTextAsync(Path.Combine(intruderSource, "secret.txt"), "overwritten");
        await C.AddFileSetAsync(MonitorCluster.FileSet("intruder7", "docs", intruderSource, "A7", targetPath: "victim7/docs"));

        await RunAsync("victim7", "docs", "A7");
        await RunAsync("intruder7", "docs", "A7");

        Assert.Equal("victim's", await File.ReadAllTextAsync(Path.Combine(destination, "victim7", "docs", "secret.txt")));
        Assert.Equal("overwritten", await File.ReadAllTextAsync(Path.Combine(destination, "intruder7", "victim7", "docs", "secret.txt")));
    }

    [Fact]
    public async Task ManageUsersAndDestinations_WhenCallerIsAUser_IsDenied()
    {
        await C.AddUserAsync("plain5");

        MonitorCluster.AsUser("plain5");
        await Assert.ThrowsAsync<AccessDeniedException>(() => C.Client.GetGrain<IUserGrain>("plain5").DefineAsync(new UserDefinition("plain5", 1, 1, 9, ["/"]), allowUpdate: true));
        MonitorCluster.AsUser("plain5");
        await Assert.ThrowsAsync<AccessDeniedException>(() => C.Client.GetGrain<IDestinationGrain>("X5").DefineAsync(new DestinationDefinition("X5", DestinationTransport.Local, "/tmp", null, null, null), allowUpdate: false));
        MonitorCluster.AsUser("plain5");
        await Assert.ThrowsAsync<AccessDeniedException>(() => C.Client.GetGrain<ISettingsGrain>(RegistryKeys.System).GetUsersAsync());
    }

    [Fact]
    public async Task Status_WhenAskedByAUser_ShowsOnlyTheirOwnWorkers()
    {
        await C.AddUserAsync("seer6");
        await C.AddUserAsync("other6");
        await C.AddLocalDestinationAsync("A6");
        await C.AddFileSetAsync(MonitorCluster.FileSet("seer6", "a", C.Folder("home", "seer6", "d"), "A6"));
        await C.AddFileSetAsync(MonitorCluster.FileSet("other6", "a", C.Folder("home", "other6", "d"), "A6"));

        MonitorCluster.AsUser("seer6");
        var status = await C.Client.GetGrain<IStatusGrain>(RegistryKeys.System).GetStatusAsync(new StatusQuery(User: "other6", IncludeIdle: true));

        Assert.NotEmpty(status.Workers);
        Assert.All(status.Workers, w => Assert.StartsWith("seer6|", w.WorkerKey, StringComparison.Ordinal));
        Assert.Empty(status.Destinations);
    }

    private async Task RunAsync(string user, string fileSet, string destination)
    {
        MonitorCluster.AsUser(user);
        await C.Client.GetGrain<IFileSetGrain>($"{user}/{fileSet}").SyncNowAsync(null);
        var done = await MonitorCluster.EventuallyAsync(() => C.WorkerAsync(WorkerKey.Format(user, destination, "default")), s => s.LastRun is not null && s.State == WorkerState.Idle, $"{user}'s run");
        Assert.True(done.LastRun!.Outcome == RunOutcome.Succeeded, done.LastRun.Error + string.Join("; ", done.LastRun.FailedPaths));
    }
}
