using OrleansHa.Runtime.Tests.Grains;

namespace OrleansHa.Runtime.Tests;

/// <summary>Everything driven by the silo's clock: response timeouts, call cycles, idle collection, timers.</summary>
public sealed class TimeTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task Call_WhenGrainsCallInACycle_EndsInTimeoutNamingTheChain()
    {
        var a = _client.GetGrain<ICycleGrain>("cycle-a");
        var b = _client.GetGrain<ICycleGrain>("cycle-b");

        var call = a.PingAsync(b, a);
        await Eventually.TrueAsync(() => call.IsCompleted, fixture.Clock, TimeSpan.FromSeconds(5));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => call);
        Assert.Contains("cycle/cycle-a (ICycleGrain.PingAsync) → cycle/cycle-b (ICycleGrain.RelayAsync) → cycle/cycle-a (ICycleGrain.PongAsync)", error.Message, StringComparison.Ordinal);
        Assert.Contains("call cycle", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_WhenMethodHasResponseTimeout_TimesOutAfterItNotTheDefault()
    {
        var grain = _client.GetGrain<ISlowGrain>("slow");

        var call = grain.WaitAsync(TimeSpan.FromMinutes(10));
        fixture.Clock.Advance(TimeSpan.FromSeconds(6));
        await Eventually.TrueAsync(() => call.IsCompleted, fixture.Clock, TimeSpan.FromMilliseconds(100));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => call);
        Assert.Contains("00:00:05", error.Message, StringComparison.Ordinal);
        fixture.Clock.Advance(TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task Call_WhenSlowerThanDefaultTimeout_ThrowsTimeoutException()
    {
        var grain = _client.GetGrain<ISlowGrain>("slower");

        var call = grain.WaitLongAsync(TimeSpan.FromMinutes(10));
        fixture.Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.False(call.IsCompleted);
        await Eventually.TrueAsync(() => call.IsCompleted, fixture.Clock, TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => call);
        Assert.Contains("00:00:30", error.Message, StringComparison.Ordinal);
        fixture.Clock.Advance(TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task IdleActivation_WhenOlderThanCollectionAge_IsDeactivatedAsIdle()
    {
        var grain = _client.GetGrain<ILifecycleGrain>("idle", "OrleansHa.Runtime.Tests.Grains.LifecycleGrain");
        var kept = _client.GetGrain<IKeepAliveGrain>("kept");
        var delayed = _client.GetGrain<ILifecycleGrain>("delayed", "OrleansHa.Runtime.Tests.Grains.LifecycleGrain");
        await grain.PingAsync();
        await kept.PingAsync();
        await delayed.DelayAsync(TimeSpan.FromHours(1));

        fixture.Clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(2, await grain.PingAsync());
        fixture.Clock.Advance(TimeSpan.FromMinutes(16));

        Assert.True(await Eventually.TrueAsync(() => fixture.Log.Contains("deactivate:idle:ActivationIdle")));
        Assert.False(fixture.Log.Contains("deactivate:kept:ActivationIdle"));
        Assert.False(fixture.Log.Contains("deactivate:delayed:ActivationIdle"));
        Assert.Equal(1, await grain.PingAsync());
    }

    [Fact]
    public async Task IdleActivation_WhenClassHasCollectionAgeLimit_IsCollectedAfterThatAge()
    {
        var grain = _client.GetGrain<IShortLivedGrain>("short");
        await grain.PingAsync();

        fixture.Clock.Advance(TimeSpan.FromMinutes(3));

        Assert.True(await Eventually.TrueAsync(() => fixture.Log.Contains("deactivate:short:ActivationIdle"), fixture.Clock, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task DeactivateOnIdle_WhenCalled_DeactivatesAndNextCallActivatesAgain()
    {
        var grain = _client.GetGrain<ILifecycleGrain>("requested", "OrleansHa.Runtime.Tests.Grains.LifecycleGrain");
        await grain.PingAsync();
        await grain.PingAsync();

        await grain.DeactivateAsync();

        Assert.True(await Eventually.TrueAsync(() => fixture.Log.Contains("deactivate:requested:ApplicationRequested")));
        Assert.Equal(1, await grain.PingAsync());
    }

    [Fact]
    public async Task Timer_WhenCallbackThrows_IsLoggedAndKeepsTicking()
    {
        var grain = _client.GetGrain<ITimerGrain>("timer");
        await grain.StartAsync(TimeSpan.FromSeconds(10), throwOnSecondTick: true);

        Assert.True(await Eventually.TrueAsync(async () => await grain.GetTicksAsync() >= 4, fixture.Clock, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Timer_WhenDisposed_StopsTicking()
    {
        var grain = _client.GetGrain<ITimerGrain>("timer-stop");
        await grain.StartAsync(TimeSpan.FromSeconds(10), throwOnSecondTick: false);
        Assert.True(await Eventually.TrueAsync(async () => await grain.GetTicksAsync() >= 1, fixture.Clock, TimeSpan.FromSeconds(10)));

        await grain.StopAsync();
        var ticks = await grain.GetTicksAsync();
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));

        // A tick would be queued (timers tick as requests) before this call, so the count is final.
        Assert.Equal(ticks, await grain.GetTicksAsync());
    }

    [Fact]
    public async Task Timer_WhenChanged_TicksAtTheNewPeriod()
    {
        var grain = _client.GetGrain<ITimerGrain>("timer-change");
        await grain.StartAsync(TimeSpan.FromHours(1), throwOnSecondTick: false);

        await grain.ChangeAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        Assert.True(await Eventually.TrueAsync(async () => await grain.GetTicksAsync() >= 3, fixture.Clock, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Timer_WhenCallbackOutlastsItsPeriod_NextTickStartsOnlyAfterItEnds()
    {
        var grain = _client.GetGrain<ISlowTimerGrain>("overlap");
        await grain.StartAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), interleave: false);

        Assert.True(await Eventually.TrueAsync(() => fixture.Log.Contains("tick-start:overlap:3:1"), fixture.Clock, TimeSpan.FromSeconds(1)));

        var events = fixture.Log.Events.Where(e => e.StartsWith("tick-", StringComparison.Ordinal) && e.Contains(":overlap:", StringComparison.Ordinal)).ToList();
        Assert.Equal(["tick-start:overlap:1:1", "tick-end:overlap:1", "tick-start:overlap:2:1", "tick-end:overlap:2", "tick-start:overlap:3:1"], events);
    }

    [Fact]
    public async Task Timer_WhenNotInterleaving_RequestWaitsForTheRunningTick()
    {
        var grain = _client.GetGrain<ISlowTimerGrain>("exclusive");
        await grain.StartAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), interleave: false);
        Assert.True(await Eventually.TrueAsync(() => fixture.Log.Contains("tick-start:exclusive:1:1"), fixture.Clock, TimeSpan.FromSeconds(1)));

        var call = grain.GetRunningAsync();
        Assert.True(await Eventually.TrueAsync(() => call.IsCompleted, fixture.Clock, TimeSpan.FromSeconds(1)));

        Assert.Equal(0, await call);
    }

    [Fact]
    public async Task Timer_WhenInterleaving_RequestRunsWhileTheTickAwaits()
    {
        var grain = _client.GetGrain<ISlowTimerGrain>("interleaved");
        await grain.StartAsync(TimeSpan.FromSeconds(1), TimeSpan.FromHours(1), interleave: true);
        Assert.True(await Eventually.TrueAsync(() => fixture.Log.Contains("tick-start:interleaved:1:1"), fixture.Clock, TimeSpan.FromSeconds(1)));

        var running = await grain.GetRunningAsync();

        Assert.Equal(1, running);
    }

    [Fact]
    public async Task Timer_WhenNotKeepAlive_GrainIsStillCollectedWhenIdle()
    {
        var ticking = _client.GetGrain<ISlowTimerGrain>("timer-not-kept");
        var kept = _client.GetGrain<ISlowTimerGrain>("timer-kept");
        await ticking.StartAsync(TimeSpan.FromMinutes(1), TimeSpan.Zero, interleave: false, keepAlive: false);
        await kept.StartAsync(TimeSpan.FromMinutes(1), TimeSpan.Zero, interleave: false, keepAlive: true);

        Assert.True(await Eventually.TrueAsync(() => fixture.Log.Contains("deactivate:timer-not-kept:ActivationIdle"), fixture.Clock, TimeSpan.FromMinutes(1)));

        Assert.True(fixture.Log.Contains("tick-start:timer-kept:10:1"));
        Assert.False(fixture.Log.Contains("deactivate:timer-kept:ActivationIdle"));
    }
}
