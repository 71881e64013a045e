namespace OrleansHa.Silo.Hosting;

/// <summary>The silo host's own log messages (event ids 3250-3299).</summary>
internal static partial class SiloLog
{
    [LoggerMessage(EventId = 3250, Level = LogLevel.Critical, Message = "The silo could not start or stopped with an error: {Reason}")]
    public static partial void LogSiloFailed(this ILogger logger, string reason, Exception? error);
}
