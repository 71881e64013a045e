using Microsoft.Extensions.Logging;
using OrleansHa.Sync.Native;

namespace OrleansHa.Sync;

/// <summary>
/// Copies a file set to a target incrementally: scans the source, compares it with the manifest of the last run
/// (or, without one, with what the target holds), transfers what changed, and saves the new manifest — advanced only
/// for what landed, also when the run is cancelled. One engine serves any number of runs; runs for the same manifest
/// must not overlap (a sync worker runs one at a time).
/// </summary>
public sealed partial class SyncEngine(ILogger<SyncEngine> logger, TimeProvider time)
{
    /// <summary>
    /// Runs one sync. Per-path problems (denied, vanished, changed while copied, target full) are in the report's
    /// failures. Throws <see cref="ArgumentException"/> for an invalid request, <see cref="SyncAccessDeniedException"/>
    /// when the source root lies outside the owner's roots or the owner may not list it,
    /// <see cref="MassDeleteRefusedException"/> when the delete guard stops the run before it changes anything, and
    /// <see cref="OperationCanceledException"/> when cancelled (after saving what landed). Progress is reported from
    /// worker threads.
    /// </summary>
    public async Task<SyncReport> RunAsync(SyncRequest request, IProgress<SyncProgress>? progress, CancellationToken cancellationToken)
    {
        Validate(request);

        // System calls and hashing: run them on the thread pool, never on the caller's scheduler (a grain's turn).
        return await Task.Run(() => RunCoreAsync(request, progress, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    private async Task<SyncReport> RunCoreAsync(SyncRequest request, IProgress<SyncProgress>? progress, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var spec = request.FileSet;
        var options = spec.Options;
        var access = new OwnerAccess(request.Access);
        var filter = new PathFilter(spec.Include, spec.Exclude);
        var sourceRoot = access.ResolveInside(spec.SourceRoot, "source root");
        if (request.Target is LocalDirectoryTarget local
            && (IsUnder(local.ResolvedRoot, sourceRoot) || IsUnder(sourceRoot, local.ResolvedRoot)))
        {
            throw new ArgumentException(
                $"The target '{local.ResolvedRoot}' and the source '{sourceRoot}' overlap; a file set cannot be copied into itself.");
        }

        using var sourceDirs = new DirectoryHandles(DirectoryHandles.OpenRoot(sourceRoot), sourceRoot);
        var marker = request.ManifestPath + ".running";
        var recovered = false;
        if (File.Exists(marker))
        {
            var removed = await request.Target.RemoveLeftoversAsync(cancellationToken).ConfigureAwait(false);
            recovered = true;
            LogInterruptedRunCleaned(sourceRoot, removed);
        }

        WriteMarker(marker, options.Durable);
        LogRunStarted(sourceRoot, options.MirrorDeletes, options.VerifyContent);

        EntryTable? previous = null;
        try
        {
            previous = ManifestFile.Read(request.ManifestPath);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            LogManifestUnusable(sourceRoot, request.ManifestPath, e.Message);
        }

        var fromManifest = previous is not null;
        previous ??= await ListTargetAsync(request.Target, cancellationToken).ConfigureAwait(false);

        var scan = new SourceScanner(sourceDirs, filter, access, Math.Min(options.Parallelism, Math.Max(2, Environment.ProcessorCount)));
        scan.Scan(cancellationToken);
        var counter = new ProgressCounter(progress, time);
        var run = new SyncRun(request, access, sourceDirs, scan, previous, fromManifest, filter, counter);
        try
        {
            await run.PlanAsync(request.Target, cancellationToken).ConfigureAwait(false);
            run.EnsureDeletesAllowed(request.AllowMassDelete);
        }
        catch (MassDeleteRefusedException e)
        {
            // Refused before anything was applied: the target and the manifest stay as they were, and so nothing of
            // the plan survives (its planned deletions must not reach the manifest); the next run plans again.
            File.Delete(marker);
            counter.Finish();
            LogMassDeleteRefused(sourceRoot, e.WouldDelete, e.DestinationFiles);
            throw;
        }
        catch (OperationCanceledException)
        {
            // Nothing was applied yet either: keep the manifest as it is (a planned deletion is not a done one).
            counter.Finish();
            throw;
        }

        var finished = false;
        SyncReport? report = null;
        try
        {
            await run.ApplyAsync(request.Target, cancellationToken).ConfigureAwait(false);
            finished = true;
        }
        finally
        {
            // Saved also when cancelled or failed half-way: it records exactly what landed, so nothing is copied twice.
            var manifest = run.BuildManifest(out var changed);
            if (!finished)
            {
                await request.Target.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            }

            if (changed)
            {
                ManifestFile.Write(manifest, request.ManifestPath, options.Durable);
            }

            if (finished)
            {
                File.Delete(marker);
            }

            counter.Finish();
            report = new SyncReport(run.Scanned, run.Copied, run.Deleted, run.Skipped, run.DirectoriesCreated, run.Bytes,
                [.. run.Failures], time.GetElapsedTime(started))
            {
                ManifestEntries = manifest.Count,
                RecoveredInterruptedRun = recovered,
                ResumedBytes = run.Resumed,
                LiteralBytes = run.LiteralBytes,
                MatchedBytes = run.MatchedBytes,
            };
        }

        var result = report;
        LogRunFinished(sourceRoot, result.FilesScanned, result.FilesCopied, result.FilesDeleted, result.Failures.Count, result.BytesCopied, result.ResumedBytes, result.LiteralBytes, result.MatchedBytes, result.Elapsed);
        foreach (var failure in result.Failures.Take(20))
        {
            LogPathFailed(sourceRoot, failure.Path, failure.Reason);
        }

        return result;
    }

    private static void Validate(SyncRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.FileSet is null || request.FileSet.Options is null || request.Target is null || request.Access is null)
        {
            throw new ArgumentException("The sync request needs a file set with options, a target and an access scope.", nameof(request));
        }

        if (string.IsNullOrWhiteSpace(request.ManifestPath) || !Path.IsPathFullyQualified(request.ManifestPath))
        {
            throw new ArgumentException($"The manifest path '{request.ManifestPath}' is not an absolute file path; give the checkpoint file's absolute path.", nameof(request));
        }

        if (request.FileSet.Options.Parallelism is < 1 or > 64)
        {
            throw new ArgumentException($"Parallelism {request.FileSet.Options.Parallelism} is out of range; allowed: 1 to 64.", nameof(request));
        }

        var options = request.FileSet.Options;
        if (!(options.MassDeleteShare is > 0 and <= 1))
        {
            throw new ArgumentException(
                $"The delete guard's share {options.MassDeleteShare.ToString(System.Globalization.CultureInfo.InvariantCulture)} is out of range; allowed: above 0 and at most 1 (0.5 trips on deleting more than half of the destination's files).",
                nameof(request));
        }

        if (options.MassDeleteMinimum < 0)
        {
            throw new ArgumentException(
                $"The delete guard's minimum {options.MassDeleteMinimum.ToString(System.Globalization.CultureInfo.InvariantCulture)} is out of range; allowed: 0 or more files.",
                nameof(request));
        }

        _ = new PathFilter(request.FileSet.Include, request.FileSet.Exclude); // patterns are checked before anything is touched
    }

    private static bool IsUnder(string path, string root) => path == root || path.StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal);

    private static async Task<EntryTable> ListTargetAsync(ISyncTarget target, CancellationToken cancellationToken)
    {
        var table = new EntryTable();
        await foreach (var entry in target.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            table.Add(entry.Path, entry.Kind, entry.Size, entry.Mtime, entry.Mode, entry.LinkTarget);
        }

        table.Sort();
        return table;
    }

    private static void WriteMarker(string marker, bool durable)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(marker) ?? "/");
        using var file = new FileStream(marker, FileMode.Create, FileAccess.Write);
        file.Flush(flushToDisk: durable);
    }
}
