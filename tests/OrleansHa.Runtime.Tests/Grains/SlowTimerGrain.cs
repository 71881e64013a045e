using Orleans.Runtime;

namespace OrleansHa.Runtime.Tests.Grains;

/// <summary>A grain whose timer callback takes longer than the timer's period.</summary>
public interface ISlowTimerGrain : IGrainWithStringKey
{
    /// <summary>Starts a timer whose callback waits <paramref name="callbackTime"/> on the silo's clock.</summary>
    Task StartAsync(TimeSpan period, TimeSpan callbackTime, bool interleave, bool keepAlive = true);

    /// <summary>How many timer callbacks are running while this request runs.</summary>
    Task<int> GetRunningAsync();
}

/// <summary>
/// Logs <c>tick-start:{key}:{n}:{running}</c> as the n-th callback starts (running counts it) and
/// <c>tick-end:{key}:{n}</c> as it ends, and <c>deactivate:{key}:{reason}</c>.
/// </summary>
public sealed class SlowTimerGrain(LifecycleLog log, TimeProvider time) : Grain, ISlowTimerGrain
{
    private int _started;
    private int _running;

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        log.Add($"deactivate:{this.GetPrimaryKeyString()}:{reason.ReasonCode}");
        return Task.CompletedTask;
    }

    public Task StartAsync(TimeSpan period, TimeSpan callbackTime, bool interleave, bool keepAlive = true)
    {
        this.RegisterGrainTimer(
            async cancellationToken =>
            {
                var tick = ++_started;
                _running++;
                log.Add($"tick-start:{this.GetPrimaryKeyString()}:{tick}:{_running}");
                try
                {
                    await Task.Delay(callbackTime, time, cancellationToken);
                }
                finally
                {
                    _running--;
                    log.Add($"tick-end:{this.GetPrimaryKeyString()}:{tick}");
                }
            },
            new GrainTimerCreationOptions(period, period) { Interleave = interleave, KeepAlive = keepAlive });
        return Task.CompletedTask;
    }

    public Task<int> GetRunningAsync() => Task.FromResult(_running);
}
