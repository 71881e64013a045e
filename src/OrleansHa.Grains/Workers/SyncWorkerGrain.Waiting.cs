using OrleansHa.Grains.Roles;
using OrleansHa.Roles;

namespace OrleansHa.Grains.Workers;

/// <summary>Why the pump waits instead of running: the destination is not ready, or this system is the backup.</summary>
public sealed partial class SyncWorkerGrain
{
    /// <summary>Why no run may start here because of this system's role; null when runs may start (production, or no group).</summary>
    private async Task<string?> BackupRefusalAsync()
    {
        var gate = await RoleGates.GetAsync(GrainFactory);
        return gate.Role == SystemRole.Backup
            ? $"this system is the backup (epoch {gate.Epoch}); file sets run from production {gate.Production}"
            : null;
    }

    /// <summary>
    /// Leaves the runs queued, not failed and not retried, saying why. Reported when the reason changes, and when runs
    /// were queued since the last report, so that STATUS (answered from the monitor's table) shows every run waiting here.
    /// </summary>
    private async Task WaitAsync(string why)
    {
        var queueChanged = !_reportedQueue.SequenceEqual(state.State.Queue);
        if (state.State.WaitingFor != why)
        {
            state.State.WaitingFor = why;
            await SaveAsync();
            LogWaiting(logger, Key, why);
            queueChanged = true;
        }

        if (queueChanged)
        {
            await ReportAsync(null, why);
        }
    }
}
