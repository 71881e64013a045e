using Orleans.Runtime;
using OrleansHa.Runtime.Tests.Grains;

namespace OrleansHa.Runtime.Tests;

public sealed class ReminderTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task RegisterOrUpdateReminder_WhenArgumentsAreBad_ThrowsOrleansArgumentErrors()
    {
        var grain = _client.GetGrain<IReminderGrain>("bad-args");

        await Assert.ThrowsAsync<ArgumentException>(() => grain.RegisterAsync(string.Empty, TimeSpan.Zero, TimeSpan.FromMinutes(1)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => grain.RegisterAsync("r", TimeSpan.FromSeconds(-1), TimeSpan.FromMinutes(1)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => grain.RegisterAsync("r", TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        var tooShort = await Assert.ThrowsAsync<ArgumentException>(() => grain.RegisterAsync("r", TimeSpan.Zero, TimeSpan.FromSeconds(30)));
        Assert.Contains("MinimumReminderPeriod", tooShort.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => _client.GetGrain<INotRemindableGrain>("n").RegisterAsync());
    }

    [Fact]
    public async Task Reminder_WhenRegistered_TicksEveryPeriodAndCanBeUnregistered()
    {
        var grain = _client.GetGrain<IReminderGrain>("ticker");
        var start = fixture.Clock.GetUtcNow();

        await grain.RegisterAsync("every-minute", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        Assert.Equal(["every-minute"], await grain.ListAsync());
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(await Eventually.TrueAsync(() => fixture.Log.Contains($"tick:ticker:every-minute:{start.AddMinutes(1):HH:mm:ss}")));
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(await Eventually.TrueAsync(() => fixture.Log.Contains($"tick:ticker:every-minute:{start.AddMinutes(2):HH:mm:ss}")));

        await grain.UnregisterAsync("every-minute");
        fixture.Clock.Advance(TimeSpan.FromMinutes(3));
        await Task.Delay(50);

        Assert.Empty(await grain.ListAsync());
        Assert.DoesNotContain(fixture.Log.Events, e => e.StartsWith("tick:ticker:", StringComparison.Ordinal) && e.EndsWith($"{start.AddMinutes(3):HH:mm:ss}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReceiveReminder_WhenRegisteredDuringACallWithRequestContext_TicksWithoutThatContext()
    {
        var grain = _client.GetGrain<IReminderGrain>("context");
        RequestContext.Set("caller", "alice");
        try
        {
            await grain.RegisterAsync("ctx", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        }
        finally
        {
            RequestContext.Clear();
        }

        fixture.Clock.Advance(TimeSpan.FromMinutes(1));

        Assert.True(await Eventually.TrueAsync(() => fixture.Log.Contains("tick-caller:context:ctx:none")));
        Assert.DoesNotContain("tick-caller:context:ctx:alice", fixture.Log.Events);
        await grain.UnregisterAsync("ctx");
    }
}
