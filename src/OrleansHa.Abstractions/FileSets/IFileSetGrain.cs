using Orleans.Concurrency;

namespace OrleansHa.FileSets;

/// <summary>
/// One file set (key: <c>owner/name</c>). Its owner and the administrator manage it; it keeps its
/// schedule as a reminder and its last run per destination. Every change tells the monitor.
/// </summary>
[Alias("orleansha.file-set-grain")]
public interface IFileSetGrain : IGrainWithStringKey
{
    /// <summary>Creates the file set, or replaces its definition when <paramref name="allowUpdate"/> is true; validated against the owner and the destinations.</summary>
    Task<FileSetInfo> DefineAsync(FileSetDefinition definition, bool allowUpdate);

    /// <summary>The file set, or null when it does not exist.</summary>
    [AlwaysInterleave]
    [Idempotent]
    Task<FileSetInfo?> GetAsync();

    /// <summary>Suspends (true) or resumes (false) the file set.</summary>
    [Idempotent]
    Task<FileSetInfo> SetSuspendedAsync(bool suspended);

    /// <summary>Removes the file set and its schedule.</summary>
    Task RemoveAsync();

    /// <summary>Queues a run to every destination (or only <paramref name="destination"/>) at once; returns the worker keys that got it.</summary>
    Task<IReadOnlyList<string>> SyncNowAsync(string? destination);

    /// <summary>As <see cref="SyncNowAsync"/>, returning per worker the id of the run queued (or of the queued or running run joined), to wait for that run.</summary>
    Task<IReadOnlyList<Workers.QueuedRunTicket>> QueueRunNowAsync(string? destination);

    /// <summary>
    /// As <see cref="QueueRunNowAsync(string?)"/>; with <paramref name="allowMassDelete"/>, the run queued (or the queued
    /// run joined) may pass the delete guard once, and clears the worker's need for an operator when it ends.
    /// </summary>
    Task<IReadOnlyList<Workers.QueuedRunTicket>> QueueRunNowAsync(string? destination, bool allowMassDelete);

    /// <summary>Records a finished run (called by the sync worker).</summary>
    Task RecordRunAsync(RunRecord run);

    /// <summary>Registers the schedule's reminder afresh (settings import with cold start).</summary>
    [Idempotent]
    Task RegisterScheduleAsync();
}
