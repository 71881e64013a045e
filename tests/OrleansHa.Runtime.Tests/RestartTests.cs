using OrleansHa.Runtime.Tests.Grains;

namespace OrleansHa.Runtime.Tests;

/// <summary>Stop, kill and restart of the silo over the same storage and reminders (memory).</summary>
public sealed class RestartTests : RestartTestsBase<ClusterFixture>;

/// <summary>The same over SQLite on a real database file.</summary>
public sealed class SqliteRestartTests : RestartTestsBase<SqliteClusterFixture>;

/// <summary>Stop, kill and restart of the silo over the same storage and reminders. Each test gets its own cluster.</summary>
public abstract class RestartTestsBase<TFixture> : IAsyncLifetime
    where TFixture : ClusterFixture, new()
{
    private readonly TFixture _fixture = new();

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task StopSilo_WhenGrainsAreActive_DeactivatesThemAsShuttingDown()
    {
        await _fixture.Client.GetGrain<ILifecycleGrain>("stopping", "OrleansHa.Runtime.Tests.Grains.LifecycleGrain").PingAsync();

        await _fixture.Cluster.StopSiloAsync(_fixture.Cluster.Silos[0]);

        Assert.True(_fixture.Log.Contains("deactivate:stopping:ShuttingDown"));
    }

    [Fact]
    public async Task KillSilo_WhenGrainsAreActive_DoesNotDeactivateThem()
    {
        await _fixture.Client.GetGrain<ILifecycleGrain>("killed", "OrleansHa.Runtime.Tests.Grains.LifecycleGrain").PingAsync();

        await _fixture.Cluster.KillSiloAsync(_fixture.Cluster.Silos[0]);

        Assert.DoesNotContain(_fixture.Log.Events, e => e.StartsWith("deactivate:killed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RestartSilo_WhenStateWasWritten_KeepsStateAndReferences()
    {
        var grain = _fixture.Client.GetGrain<ICounterGrain>("durable");
        await grain.AddAsync(7);

        var silo = _fixture.Cluster.Silos[0];
        await _fixture.Cluster.KillSiloAsync(silo);
        await Assert.ThrowsAsync<Orleans.Runtime.SiloUnavailableException>(() => grain.AddAsync(1));
        await _fixture.Cluster.RestartSiloAsync(silo);

        Assert.Equal(8, await grain.AddAsync(1));
    }

    [Fact]
    public async Task Reminder_WhenSiloWasDownForATick_FiresThatTickOnceAfterRestartThenKeepsSchedule()
    {
        var clock = _fixture.Clock;
        var start = clock.GetUtcNow();
        var grain = _fixture.Client.GetGrain<IReminderGrain>("outage");
        await grain.RegisterAsync("hourly", TimeSpan.FromHours(1), TimeSpan.FromHours(1));
        clock.Advance(TimeSpan.FromHours(1));
        Assert.True(await Eventually.TrueAsync(() => _fixture.Log.Contains($"tick:outage:hourly:{start.AddHours(1):HH:mm:ss}")));

        var silo = _fixture.Cluster.Silos[0];
        await _fixture.Cluster.KillSiloAsync(silo);
        clock.Advance(TimeSpan.FromHours(2.5));
        await _fixture.Cluster.RestartSiloAsync(silo);

        Assert.True(await Eventually.TrueAsync(() => _fixture.Log.Contains($"tick:outage:hourly:{start.AddHours(3):HH:mm:ss}")));
        Assert.DoesNotContain($"tick:outage:hourly:{start.AddHours(2):HH:mm:ss}", _fixture.Log.Events);
        clock.Advance(TimeSpan.FromHours(0.5));
        Assert.True(await Eventually.TrueAsync(() => _fixture.Log.Contains($"tick:outage:hourly:{start.AddHours(4):HH:mm:ss}")));
        Assert.Single(_fixture.Log.Events, e => e == $"tick:outage:hourly:{start.AddHours(3):HH:mm:ss}");
    }
}
