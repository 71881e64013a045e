using System.Collections.Concurrent;
using OrleansHa.EndToEnd.Tests.Infrastructure;
using OrleansHa.Users;
using Xunit.Abstractions;

namespace OrleansHa.EndToEnd.Tests;

/// <summary>
/// Issue 12, deliver 5: PROD as three silo processes (cluster azure, one Azurite, one PostgreSQL) stays available to
/// its clients while silos go away: a rolling restart of all three under a steady load, and a client whose gateway's
/// silo is SIGKILLed. A call may be retried once (a lost silo's failure); a second failure of the same call fails the
/// test.
/// </summary>
public sealed class ClusterRollingRestartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task RollingRestart_OfAllThreeSilosUnderSteadyLoad_NoCallFailsBeyondARetry()
    {
        await using var system = await ThreeSiloSystem.StartAsync();
        await using var connection = await system.ConnectAsync();
        using var load = await SteadyLoad.DefineAsync(connection.Client, "frank");
        var running = load.RunAsync();

        for (var silo = 0; silo < ThreeSiloSystem.Size; silo++)
        {
            var before = load.Completed;
            Assert.Equal(0, await system.StopAsync(silo));
            await system.RestartAsync(silo);
            // The load carried on: calls were answered after the restart too.
            var after = await Eventually.ValueAsync(() => Task.FromResult(load.Completed), c => c >= before + 20 || running.IsCompleted, TimeSpan.FromSeconds(60));
            Assert.True(after >= before + 20, $"the load stopped after the restart of silo {silo}: {load.Describe()}");
        }

        load.Stop();
        await running;
        output.WriteLine(load.Describe());

        Assert.Empty(load.Failures);
    }

    [Fact]
    public async Task Client_WhoseGatewaysSiloIsKilled_CarriesOnThroughAnother()
    {
        await using var system = await ThreeSiloSystem.StartAsync();
        await using var connection = await system.ConnectAsync(0, 1);
        using var load = await SteadyLoad.DefineAsync(connection.Client, "gina");
        var running = load.RunAsync();
        await Eventually.ValueAsync(() => Task.FromResult(load.Completed), c => c >= 20 || running.IsCompleted, TimeSpan.FromSeconds(30));

        var before = load.Completed;
        await system.KillAsync(0);
        var after = await Eventually.ValueAsync(() => Task.FromResult(load.Completed), c => c >= before + 50 || running.IsCompleted, TimeSpan.FromSeconds(60));
        load.Stop();
        await running;
        output.WriteLine(load.Describe());

        Assert.True(after >= before + 50, $"the client did not carry on after its gateway's silo was killed: {load.Describe()}");
        Assert.Empty(load.Failures);
    }

    /// <summary>
    /// One client's steady stream of calls, one at a time, on a user whose state is in Azure Blob storage: suspend or
    /// resume it (a write, the same every time it is repeated), then read it back, which must show that write whichever
    /// silo holds the user by then. A call that fails as a lost silo's call does is tried once more; what fails then,
    /// or reads back anything but what was written, is kept.
    /// </summary>
    private sealed class SteadyLoad(IUserGrain user) : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private int _completed;
        private int _retried;

        public int Completed => Volatile.Read(ref _completed);

        public ConcurrentQueue<string> Failures { get; } = new();

        public static async Task<SteadyLoad> DefineAsync(IClusterClient client, string name)
        {
            var user = client.GetGrain<IUserGrain>(name);
            await user.DefineAsync(new UserDefinition(name, 0, 0, 5, ["/nonexistent/" + name]), allowUpdate: true);
            return new SteadyLoad(user);
        }

        public Task RunAsync() => Task.Run(async () =>
        {
            for (var i = 0; !_stop.IsCancellationRequested && Failures.IsEmpty; i++)
            {
                var suspended = i % 2 == 0;
                var (answered, written) = await OnceMoreAsync(() => user.SetSuspendedAsync(suspended), $"write {i}");
                if (!answered)
                {
                    return;
                }

                var (read, info) = await OnceMoreAsync(user.GetAsync, $"read {i}");
                if (!read)
                {
                    return;
                }

                if (written.Suspended != suspended || info?.Suspended != suspended)
                {
                    Failures.Enqueue($"call {i}: wrote suspended={suspended}, the write answered {written.Suspended}, the read {info?.Suspended}");
                    return;
                }

                Interlocked.Increment(ref _completed);
            }
        });

        public void Stop() => _stop.Cancel();

        public string Describe() => $"{Completed} write+read pairs, {Volatile.Read(ref _retried)} call(s) retried once, {Failures.Count} failed: {string.Join("; ", Failures)}";

        public void Dispose() => _stop.Dispose();

        private async Task<(bool Answered, T Value)> OnceMoreAsync<T>(Func<Task<T>> call, string what)
        {
            try
            {
                return (true, await call());
            }
            catch (Exception first) when (Transient.IsLostSilo(first))
            {
                Interlocked.Increment(ref _retried);
                try
                {
                    return (true, await call());
                }
                catch (Exception second) when (Transient.IsLostSilo(second))
                {
                    Failures.Enqueue($"{what}: {first.GetType().Name} ({first.Message}), then {second.GetType().Name} ({second.Message})");
                    return (false, default!);
                }
            }
        }
    }
}
