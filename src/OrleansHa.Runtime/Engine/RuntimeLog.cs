using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace OrleansHa.Runtime.Engine;

/// <summary>The runtime's log messages; event ids 1000–1099.</summary>
internal sealed partial class RuntimeLog(ILogger logger)
{
    [LoggerMessage(1000, LogLevel.Warning, "Activation of {GrainId} failed; its queued requests fail with the same exception")]
    public partial void ActivationFailed(Exception exception, GrainId grainId);

    [LoggerMessage(1001, LogLevel.Warning, "OnDeactivateAsync of {GrainId} failed")]
    public partial void DeactivationFailed(Exception exception, GrainId grainId);

    [LoggerMessage(1002, LogLevel.Debug, "Deactivated {GrainId} ({Reason})")]
    public partial void Deactivated(GrainId grainId, DeactivationReasonCode reason);

    [LoggerMessage(1003, LogLevel.Error, "A turn of {GrainId} threw outside any request")]
    public partial void TurnFailed(Exception exception, GrainId grainId);

    [LoggerMessage(1004, LogLevel.Warning, "Timer callback of {GrainId} failed; the timer goes on")]
    public partial void TimerCallbackFailed(Exception exception, GrainId grainId);

    [LoggerMessage(1005, LogLevel.Warning, "One-way call {Method} on {GrainId} failed")]
    public partial void OneWayCallFailed(Exception exception, string method, GrainId grainId);

    [LoggerMessage(1006, LogLevel.Warning, "Call timed out: {Message}")]
    public partial void CallTimedOut(string message);

    [LoggerMessage(1007, LogLevel.Information, "Silo {SiloName} started with {GrainClassCount} grain classes")]
    public partial void SiloStarted(string siloName, int grainClassCount);

    [LoggerMessage(1008, LogLevel.Information, "Silo {SiloName} stopping: deactivating {ActivationCount} activations")]
    public partial void SiloStopping(string siloName, int activationCount);

    [LoggerMessage(1009, LogLevel.Debug, "Collecting {Count} idle activations")]
    public partial void CollectingIdle(int count);

    [LoggerMessage(1010, LogLevel.Warning, "Reminder {ReminderName} of {GrainId} failed to deliver")]
    public partial void ReminderFailed(Exception exception, string reminderName, GrainId grainId);

    [LoggerMessage(1011, LogLevel.Information, "Reminder {ReminderName} of {GrainId} missed a tick at {TickTime:O} while the silo was down; delivering it once")]
    public partial void ReminderMissedTick(string reminderName, GrainId grainId, DateTime tickTime);

    [LoggerMessage(1012, LogLevel.Warning, "Observer call {Method} failed")]
    public partial void ObserverFailed(Exception exception, string method);
}
