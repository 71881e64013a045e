using OrleansHa.Destinations;
using OrleansHa.Monitoring;
using OrleansHa.Settings;
using OrleansHa.Users;

namespace OrleansHa.Grains.Tests.Monitor;

/// <summary>A refused definition lists every problem it has, not only the first (issue 10, item 11).</summary>
public sealed class DefinitionProblemsTests(MonitorClusterFixture fixture) : IClassFixture<MonitorClusterFixture>
{
    private MonitorCluster C => fixture.Cluster;

    [Fact]
    public async Task Import_WhenEntriesHaveSeveralProblems_ListsEveryProblemOfEveryEntry()
    {
        var home = C.Folder("home", "dp1");
        var document = new SettingsDocument(SettingsDocument.FormatName, SettingsDocument.CurrentVersion, C.Clock.UtcNow,
            [
                new UserSettings(new UserDefinition("dp1", 0, 0, 3, [home]), false),
                new UserSettings(new UserDefinition("dp1bad", -1, -2, 99, ["relative/path"]), false),
            ],
            [new DestinationSettings(new DestinationDefinition("DP1", DestinationTransport.Local, "not/absolute", null, null, null, QueueLimit: -1), false)],
            [new FileSetSettings(MonitorCluster.FileSet("dp1", "x", home, "NOWHERE", priority: 9) with { Include = ["../up"] }, false)]);

        MonitorCluster.AsAdmin();
        var error = await Assert.ThrowsAsync<InvalidDefinitionException>(() => C.Client.GetGrain<ISettingsGrain>(RegistryKeys.System).ImportAsync(document, coldStart: false));

        Assert.Contains("users[1] (dp1bad): uid: -1 is negative", error.Message, StringComparison.Ordinal);
        Assert.Contains("users[1] (dp1bad): gid: -2 is negative", error.Message, StringComparison.Ordinal);
        Assert.Contains("users[1] (dp1bad): max-priority: 99 is out of range", error.Message, StringComparison.Ordinal);
        Assert.Contains("users[1] (dp1bad): roots:", error.Message, StringComparison.Ordinal);
        Assert.Contains("destinations[0] (DP1): queue-limit: -1 is negative", error.Message, StringComparison.Ordinal);
        Assert.Contains("destinations[0] (DP1): directory:", error.Message, StringComparison.Ordinal);
        Assert.Contains("fileSets[0] (dp1/x): destination: 'NOWHERE' is not a defined destination", error.Message, StringComparison.Ordinal);
        Assert.Contains("fileSets[0] (dp1/x): priority: 9 is above dp1's maximum 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("fileSets[0] (dp1/x): include: '../up' is not a usable pattern", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DefineUser_WithSeveralProblems_ListsEachWithItsFieldAndWithOneKeepsTheOneFieldMessage()
    {
        var home = C.Folder("home", "dp2");
        MonitorCluster.AsAdmin();
        var several = await Assert.ThrowsAsync<InvalidDefinitionException>(() => C.Client.GetGrain<IUserGrain>("dp2").DefineAsync(new UserDefinition("dp2", -1, -1, 99, [home]), allowUpdate: false));
        MonitorCluster.AsAdmin();
        var one = await Assert.ThrowsAsync<InvalidDefinitionException>(() => C.Client.GetGrain<IUserGrain>("dp2").DefineAsync(new UserDefinition("dp2", -1, 0, 3, [home]), allowUpdate: false));

        Assert.Equal(["uid", "gid", "max-priority"], several.Problems.Select(p => p.Field));
        Assert.StartsWith("3 problems:", several.Message, StringComparison.Ordinal);
        Assert.Contains("max-priority: 99 is out of range; allowed: 0..", several.Message, StringComparison.Ordinal);
        Assert.Equal("uid: -1 is negative; allowed: 0 or more", one.Message);
        Assert.Equal("uid", one.Field);
    }
}
