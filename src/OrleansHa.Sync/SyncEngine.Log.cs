using Microsoft.Extensions.Logging;

namespace OrleansHa.Sync;

/// <summary>Logging of the sync engine: event ids 4000–4099. The file set is named by its resolved source root.</summary>
public sealed partial class SyncEngine
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Sync of {SourceRoot} started (mirror deletes {MirrorDeletes}, verify {VerifyContent})")]
    private partial void LogRunStarted(string sourceRoot, bool mirrorDeletes, bool verifyContent);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Sync of {SourceRoot} finished: {Scanned} scanned, {Copied} copied, {Deleted} deleted, {Failed} failed, {Bytes} bytes ({ResumedBytes} resumed, not sent again; {LiteralBytes} sent as delta literals, {MatchedBytes} matched at the target) in {Elapsed}")]
    private partial void LogRunFinished(string sourceRoot, long scanned, long copied, long deleted, int failed, long bytes, long resumedBytes, long literalBytes, long matchedBytes, TimeSpan elapsed);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Sync of {SourceRoot}: manifest {ManifestPath} is unusable ({Reason}); comparing with the target instead")]
    private partial void LogManifestUnusable(string sourceRoot, string manifestPath, string reason);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Sync of {SourceRoot}: the previous run was interrupted; removed {Removed} temporary files it left")]
    private partial void LogInterruptedRunCleaned(string sourceRoot, int removed);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Sync of {SourceRoot}: {Path} failed: {Reason}")]
    private partial void LogPathFailed(string sourceRoot, string path, string reason);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "Sync of {SourceRoot} refused by the delete guard: it would delete {WouldDelete} of the destination's {DestinationFiles} files; nothing was changed")]
    private partial void LogMassDeleteRefused(string sourceRoot, long wouldDelete, long destinationFiles);
}
