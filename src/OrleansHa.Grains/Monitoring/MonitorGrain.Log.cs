using Microsoft.Extensions.Logging;

namespace OrleansHa.Grains.Monitoring;

/// <summary>Logging of the monitor (event ids 5300–5349).</summary>
public sealed partial class MonitorGrain
{
    [LoggerMessage(EventId = 5300, Level = LogLevel.Information, Message = "Monitor shard {Shard} refreshed {Users} user(s): {Started} started, {Reassigned} reassigned, {Stopped} stopped, {Refused} refused; {Workers} worker(s)")]
    private static partial void LogRefreshed(ILogger logger, long shard, int users, int started, int reassigned, int stopped, int refused, int workers);

    [LoggerMessage(EventId = 5301, Level = LogLevel.Debug, Message = "Monitor shard {Shard} ignored a report from {Worker}, which it does not supervise")]
    private static partial void LogUnknownReport(ILogger logger, long shard, string worker);

    [LoggerMessage(EventId = 5302, Level = LogLevel.Information, Message = "Monitor shard {Shard}: worker {Worker} succeeded after {Failures} failure(s)")]
    private static partial void LogRecoveredWorker(ILogger logger, long shard, string worker, int failures);

    [LoggerMessage(EventId = 5303, Level = LogLevel.Warning, Message = "Monitor shard {Shard}: worker {Worker} failed ({Failures} in a row; retry at once: {Immediate}; next slow retry {NextRetryAt}): {Error}")]
    private static partial void LogFailure(ILogger logger, long shard, string worker, int failures, bool immediate, DateTimeOffset? nextRetryAt, string? error);

    [LoggerMessage(EventId = 5304, Level = LogLevel.Information, Message = "Monitor shard {Shard}: destination {Destination} is back; {Workers} waiting worker(s) woken")]
    private static partial void LogWoken(ILogger logger, long shard, string destination, int workers);

    [LoggerMessage(EventId = 5305, Level = LogLevel.Information, Message = "Monitor shard {Shard}: slow retry of worker {Worker} after {Failures} failure(s)")]
    private static partial void LogSlowRetry(ILogger logger, long shard, string worker, int failures);

    [LoggerMessage(EventId = 5307, Level = LogLevel.Warning, Message = "Monitor shard {Shard}: the slow retry did not reach worker {Worker}; it stays due")]
    private static partial void LogRetryNotDelivered(ILogger logger, Exception exception, long shard, string worker);

    [LoggerMessage(EventId = 5308, Level = LogLevel.Warning, Message = "Monitor shard {Shard}: {Pending} worker assignment(s) or stop(s) could not be delivered yet; they are retried at the next check")]
    private static partial void LogDeliveryPending(ILogger logger, Exception exception, long shard, int pending);

    [LoggerMessage(EventId = 5306, Level = LogLevel.Warning, Message = "Monitor shard {Shard}: cold start cleared {Workers} worker(s)")]
    private static partial void LogColdStart(ILogger logger, long shard, int workers);

    [LoggerMessage(EventId = 5309, Level = LogLevel.Warning, Message = "Monitor shard {Shard}: worker {Worker} needs an operator (the delete guard refused a run; not retried): {Error}")]
    private static partial void LogNeedsOperator(ILogger logger, long shard, string worker, string? error);
}
