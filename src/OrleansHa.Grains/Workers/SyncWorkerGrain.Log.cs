using Microsoft.Extensions.Logging;
using OrleansHa.FileSets;

namespace OrleansHa.Grains.Workers;

/// <summary>Logging of the sync worker (event ids 5200–5249).</summary>
public sealed partial class SyncWorkerGrain
{
    [LoggerMessage(EventId = 5200, Level = LogLevel.Information, Message = "Worker {Worker} assigned by shard {Shard}: {FileSets} file set(s) (new: {New})")]
    private static partial void LogAssigned(ILogger logger, string worker, long shard, int fileSets, bool @new);

    [LoggerMessage(EventId = 5201, Level = LogLevel.Information, Message = "Worker {Worker} stopped (was running: {Running})")]
    private static partial void LogStopped(ILogger logger, string worker, string? running);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Debug, Message = "Worker {Worker} queued {FileSet} (priority {Priority}, {Reason})")]
    private static partial void LogQueued(ILogger logger, string worker, string fileSet, int priority, string reason);

    [LoggerMessage(EventId = 5203, Level = LogLevel.Information, Message = "Worker {Worker} reset: checkpoints and queue cleared")]
    private static partial void LogReset(ILogger logger, string worker);

    [LoggerMessage(EventId = 5204, Level = LogLevel.Warning, Message = "Worker {Worker}: the run of {FileSet} was in flight when the silo stopped; it counts as failed")]
    private static partial void LogRecovered(ILogger logger, string worker, string fileSet);

    [LoggerMessage(EventId = 5205, Level = LogLevel.Information, Message = "Worker {Worker} waits: {Why}")]
    private static partial void LogWaiting(ILogger logger, string worker, string why);

    [LoggerMessage(EventId = 5206, Level = LogLevel.Information, Message = "Worker {Worker} dropped the run of {FileSet}: it no longer applies (removed, suspended or moved)")]
    private static partial void LogDropped(ILogger logger, string worker, string fileSet);

    [LoggerMessage(EventId = 5207, Level = LogLevel.Information, Message = "Worker {Worker} ran {FileSet}: {Outcome}, {Files} file(s), {Bytes} byte(s) copied")]
    private static partial void LogRan(ILogger logger, string worker, string fileSet, RunOutcome outcome, long files, long bytes);

    [LoggerMessage(EventId = 5208, Level = LogLevel.Warning, Message = "Worker {Worker}: the run of {FileSet} failed")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, string worker, string fileSet);

    [LoggerMessage(EventId = 5209, Level = LogLevel.Warning, Message = "Worker {Worker} could not record the run of {FileSet}")]
    private static partial void LogRecordFailed(ILogger logger, Exception exception, string worker, string fileSet);

    [LoggerMessage(EventId = 5210, Level = LogLevel.Warning, Message = "Worker {Worker} could not report to its monitor")]
    private static partial void LogReportFailed(ILogger logger, Exception exception, string worker);

    [LoggerMessage(EventId = 5211, Level = LogLevel.Warning, Message = "Worker {Worker} could not delete the checkpoint of {FileSet}")]
    private static partial void LogCheckpointDeleteFailed(ILogger logger, Exception exception, string worker, string fileSet);

    [LoggerMessage(EventId = 5212, Level = LogLevel.Warning, Message = "Worker {Worker} dropped {Runs} queued run(s): destination {Destination} is no longer defined")]
    private static partial void LogDroppedForRemovedDestination(ILogger logger, string worker, int runs, string destination);

    [LoggerMessage(EventId = 5213, Level = LogLevel.Warning, Message = "Worker {Worker}: the delete guard refused the run of {FileSet}: it would delete {WouldDelete} of the destination's {DestinationFiles} file(s)")]
    private static partial void LogRefused(ILogger logger, string worker, string fileSet, long wouldDelete, long destinationFiles);

    [LoggerMessage(EventId = 5214, Level = LogLevel.Warning, Message = "Worker {Worker} needs an operator for {FileSet}: {Why}")]
    private static partial void LogNeedsOperator(ILogger logger, string worker, string fileSet, string? why);

    [LoggerMessage(EventId = 5215, Level = LogLevel.Warning, Message = "Worker {Worker}: the checkpoint of {FileSet} on this silo has stamp {Found}, the worker trusts {Trusted}: deleted, the run compares with the target (a run elsewhere may have changed it)")]
    private static partial void LogCheckpointDropped(ILogger logger, string worker, string fileSet, string found, string trusted);
}
