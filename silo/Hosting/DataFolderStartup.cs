namespace OrleansHa.Silo.Hosting;

/// <summary>
/// Runs once the silo has started (registered after Orleans; hosted services start in order): logs the modes
/// <see cref="DataFolderAccess"/> tightened, tightens files the runtime created meanwhile, and writes the database
/// marker <see cref="DatabaseGuard"/> checks at the next start, now that the database holds its tables.
/// </summary>
internal sealed partial class DataFolderStartup(SiloSettings settings, DataFolderAccess access, DataFolderStartup.Notes notes, ILogger<DataFolderStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (notes.StartedEmpty is { } startedEmpty)
        {
            LogStartedEmpty(logger, startedEmpty);
        }

        foreach (var (path, from, to) in access.Tightened.Concat(access.TightenAgain(settings.DataFolder)))
        {
            LogTightened(logger, path, from, to);
        }

        if (DatabaseGuard.WriteMarker(settings))
        {
            LogMarkerWritten(logger, DatabaseGuard.MarkerPath(settings), DatabaseGuard.DatabasePath(settings));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 3270, Level = LogLevel.Warning, Message = "Tightened the mode of {Path} from {From} to {To}: the silo's data is for its owner only")]
    private static partial void LogTightened(ILogger logger, string path, string from, string to);

    [LoggerMessage(EventId = 3271, Level = LogLevel.Information, Message = "Wrote {Marker}: from now on the silo refuses to start if {Database} becomes empty or unreadable (unless --start-empty)")]
    private static partial void LogMarkerWritten(ILogger logger, string marker, string database);

    [LoggerMessage(EventId = 3272, Level = LogLevel.Warning, Message = "{Note}")]
    private static partial void LogStartedEmpty(ILogger logger, string note);

    /// <summary>What the checks before the host was built did, for the log.</summary>
    internal sealed record Notes(string? StartedEmpty);
}
