using OrleansHa.Workers;

namespace OrleansHa.Grains.Workers;

/// <summary>
/// Checkpoints: the manifest of a file set's last run lies in this silo's checkpoint folder, but the worker may run on
/// any silo of the system. A manifest on one silo stops describing the target as soon as a run on another silo
/// changes it, and a worker that comes back (A, then B, then A) must not trust what A kept. So each manifest has a
/// stamp beside it (<c>….manifest.stamp</c>: the id of the run that wrote it) and the worker's state holds the stamp it
/// trusts (<see cref="SyncWorkerState.CheckpointStamps"/>). Order of the writes: a run starting removes the trusted
/// stamp (saved with the run in flight); the run writes the manifest; the stamp file is written; the state with the
/// new stamp is saved with the run's record. A crash between any two leaves the state without the stamp the file
/// has, and the next run anywhere deletes the manifest and compares with the target itself: a full compare, never
/// a stale trust.
/// </summary>
public sealed partial class SyncWorkerGrain
{
    private string CheckpointPath(string fileSet)
    {
        var (user, destination, batch) = WorkerKey.Parse(Key);
        return Path.GetFullPath(Path.Combine(options.Value.CheckpointDirectory, user, destination, batch, fileSet + ".manifest"));
    }

    private static string StampPath(string manifest) => manifest + ".stamp";

    /// <summary>Deletes this silo's manifest of <paramref name="fileSet"/> unless its stamp is <paramref name="trusted"/>.</summary>
    private void DropUntrustedCheckpoint(string fileSet, string? trusted)
    {
        var manifest = CheckpointPath(fileSet);
        if (!File.Exists(manifest))
        {
            return;
        }

        var found = ReadStamp(StampPath(manifest));
        if (trusted is not null && found == trusted)
        {
            return;
        }

        File.Delete(manifest);
        File.Delete(StampPath(manifest));
        LogCheckpointDropped(logger, Key, fileSet, found ?? "none", trusted ?? "none");
    }

    /// <summary>Writes the stamp file of the manifest the run just wrote, then trusts it in the state (saved by the caller with the record).</summary>
    private void StampCheckpoint(string fileSet, string runId, bool durable)
    {
        var stamp = StampPath(CheckpointPath(fileSet));
        var temp = stamp + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(System.Text.Encoding.UTF8.GetBytes(runId));
            file.Flush(flushToDisk: durable);
        }

        File.Move(temp, stamp, overwrite: true);
        state.State.CheckpointStamps[fileSet] = runId;
        if (!state.State.Checkpoints.Contains(fileSet))
        {
            state.State.Checkpoints.Add(fileSet);
        }
    }

    /// <summary>Trusts again the stamp a run removed when it started, after a run that left the target as it was.</summary>
    private void RestoreStamp(string fileSet, string? stamp)
    {
        if (stamp is not null)
        {
            state.State.CheckpointStamps[fileSet] = stamp;
        }
    }

    private static string? ReadStamp(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private void DeleteCheckpoint(string fileSet)
    {
        var manifest = CheckpointPath(fileSet);
        try
        {
            File.Delete(manifest);
            File.Delete(StampPath(manifest));
        }
        catch (IOException e)
        {
            LogCheckpointDeleteFailed(logger, e, Key, fileSet);
        }

        state.State.Checkpoints.Remove(fileSet);
        state.State.CheckpointStamps.Remove(fileSet);
    }
}
