using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansHa.FileSets;
using OrleansHa.Grains.FileSets;

namespace OrleansHa.Grains.Tests.Monitor;

/// <summary>Schedules beyond the reminder timers' limit (about 49.7 days): refused at define, and harmless when stored.</summary>
public sealed class ScheduleRangeTests(MonitorClusterFixture fixture) : IClassFixture<MonitorClusterFixture>
{
    private MonitorCluster C => fixture.Cluster;

    [Theory]
    [InlineData("every 50d")]
    [InlineData("every 10675199d")]
    [InlineData("every 9999999999d")]
    [InlineData("every 49d1m")]
    public void Parse_WhenLongerThanTheTimerLimit_NamesTheFieldAndTheAllowedRange(string text)
    {
        var error = Assert.Throws<InvalidDefinitionException>(() => FileSetSchedule.Parse(text));

        Assert.Equal("schedule", error.Field);
        Assert.Contains("49-day maximum", error.Message, StringComparison.Ordinal);
        Assert.Contains("from 1m to 49d", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_AtTheLimit_IsAccepted() => Assert.Equal(TimeSpan.FromDays(49), FileSetSchedule.Parse("every 49d").Interval);

    [Fact]
    public async Task Define_WhenTheScheduleIsAboveTheTimerLimit_IsRefusedBeforeAnythingIsWritten()
    {
        await C.AddUserAsync("range1");
        await C.AddLocalDestinationAsync("RANGE1");
        var definition = MonitorCluster.FileSet("range1", "a", C.Folder("home", "range1", "a"), "RANGE1", schedule: "every 50d");

        var error = await Assert.ThrowsAsync<InvalidDefinitionException>(() => C.AddFileSetAsync(definition));
        MonitorCluster.AsAdmin();
        var stored = await C.Client.GetGrain<IFileSetGrain>("range1/a").GetAsync();

        Assert.Equal("schedule", error.Field);
        Assert.Contains("from 1m to 49d", error.Message, StringComparison.Ordinal);
        Assert.Null(stored);
    }

    [Fact]
    public async Task StoredSchedule_WhenAboveTheTimerLimit_MarksTheFileSetFailedInsteadOfFailingItsCalls()
    {
        await C.AddUserAsync("range2");
        await C.AddLocalDestinationAsync("RANGE2");
        await C.AddFileSetAsync(MonitorCluster.FileSet("range2", "a", C.Folder("home", "range2", "a"), "RANGE2", schedule: "every 1h"));
        var grain = C.Client.GetGrain<IFileSetGrain>("range2/a");
        // What an older silo (or a hand-edited database) leaves behind: the definition stored with an out-of-range schedule.
        await C.Cluster.DeactivateAsync(grain);
        var storage = C.Cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>("Default");
        var saved = new GrainState<FileSetState>(new FileSetState());
        await storage.ReadStateAsync("fileset", grain.GetGrainId(), saved);
        saved.State!.Definition = saved.State.Definition! with { Schedule = "every 50d" };
        await storage.WriteStateAsync("fileset", grain.GetGrainId(), saved);

        // The schedule's reminder ticks into the stored definition, then an import registers its schedule afresh.
        await C.NextScheduleTickAsync("range2/a");
        MonitorCluster.AsAdmin();
        await grain.RegisterScheduleAsync();
        MonitorCluster.AsAdmin();
        var info = await grain.GetAsync();

        Assert.NotNull(info);
        Assert.Contains("stored schedule cannot be applied", info!.Problem, StringComparison.Ordinal);
        Assert.Contains("49-day maximum", info.Problem, StringComparison.Ordinal);
    }
}
