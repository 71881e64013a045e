namespace OrleansHa.Sync;

/// <summary>The bounds of one <see cref="IBatchSyncTarget.WriteFilesAsync"/> call.</summary>
/// <param name="MaxFiles">The most files (or directories) in one batch; at least 1.</param>
/// <param name="MaxBytes">The most content bytes in one batch (a single file of up to <paramref name="MaxFileSize"/> always fits).</param>
/// <param name="MaxFileSize">Files up to this size go in batches; larger ones are written one by one.</param>
public sealed record SyncBatchLimits(int MaxFiles, long MaxBytes, long MaxFileSize);
