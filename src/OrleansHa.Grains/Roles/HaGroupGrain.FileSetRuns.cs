using OrleansHa.Destinations;
using OrleansHa.FileSets;
using OrleansHa.Roles;
using OrleansHa.Security;
using OrleansHa.Settings;
using OrleansHa.Status;
using OrleansHa.Workers;

namespace OrleansHa.Grains.Roles;

// File set runs of a role change: the final runs of a switch-over, the reverse runs after a promotion and the
// resynchronisation of a switch-back. Every file set with a target on a silo destination whose system is the other
// member runs there now; the grain waits for each run by its id, as 'sync now' does in the CLI.
public sealed partial class HaGroupGrain
{
    /// <summary>Queues a run of every file set to <paramref name="target"/> and, with <paramref name="wait"/>, waits for their reports.</summary>
    private async Task<FileSetRunsOutcome> TryRunFileSetsAsync(string target, bool wait, RoleOperation operation, string step, DateTimeOffset startedAt)
    {
        CallerPrincipal.ActAsSilo();
        var settings = await GrainFactory.GetGrain<ISettingsGrain>("system").ExportAsync();
        var destinations = settings.Destinations
            .Where(d => d.SyncEnabled && d.Definition.Transport == DestinationTransport.Silo && d.Definition.RemoteSystem == target)
            .Select(d => d.Definition.Name)
            .ToHashSet(StringComparer.Ordinal);
        var failures = new List<string>();
        var tickets = new List<(string FileSet, QueuedRunTicket Ticket)>();
        foreach (var fileSet in settings.FileSets.Where(f => !f.Suspended))
        {
            var key = FileSetKey.Format(fileSet.Definition.Owner, fileSet.Definition.Name);
            foreach (var destination in fileSet.Definition.Targets.Select(t => t.Destination).Where(destinations.Contains).Distinct())
            {
                try
                {
                    tickets.AddRange((await GrainFactory.GetGrain<IFileSetGrain>(key).QueueRunNowAsync(destination)).Select(t => (key, t)));
                }
                catch (Exception e) when (e is OrleansHaException or InvalidOperationException or ArgumentException)
                {
                    failures.Add($"{key} to {destination}: not queued ({e.Message})");
                }
            }
        }

        LogRunsQueued(logger, LocalSystem, tickets.Count, target, step);
        if (!wait || tickets.Count == 0)
        {
            return new FileSetRunsOutcome(tickets.Count, 0, failures);
        }

        var bytes = 0L;
        var pending = tickets.ToList();
        var deadline = time.GetUtcNow() + _options.FileSetRunTimeout;
        var status = GrainFactory.GetGrain<IStatusGrain>("system");
        while (true)
        {
            foreach (var (fileSet, ticket) in pending.ToList())
            {
                var snapshot = await status.GetWorkerAsync(ticket.WorkerKey);
                if (snapshot.InFlightRunId == ticket.RunId || snapshot.Queue.Any(r => r.RunId == ticket.RunId))
                {
                    continue;
                }

                var record = snapshot.LastRun?.RunId == ticket.RunId ? snapshot.LastRun
                    : (await GrainFactory.GetGrain<IFileSetGrain>(fileSet).GetAsync())?.LastRuns.FirstOrDefault(r => r.RunId == ticket.RunId);
                pending.Remove((fileSet, ticket));
                bytes += record?.BytesCopied ?? 0;
                if (record is null)
                {
                    failures.Add($"{fileSet}: run {ticket.RunId} ended without a report (suspended, removed or moved meanwhile)");
                }
                else if (record.Outcome != RunOutcome.Succeeded)
                {
                    failures.Add($"{fileSet} to {record.Destination}: {record.Outcome}{(record.Error is null ? string.Empty : $" ({record.Error})")}");
                }
            }

            Progress = new RoleSwapProgress(operation, step, startedAt, 0, 0, pending.Count, tickets.Count);
            if (pending.Count == 0)
            {
                return new FileSetRunsOutcome(tickets.Count, bytes, failures);
            }

            if (time.GetUtcNow() >= deadline)
            {
                failures.AddRange(pending.Select(p => $"{p.FileSet}: run {p.Ticket.RunId} not ended after {_options.FileSetRunTimeout}"));
                return new FileSetRunsOutcome(tickets.Count, bytes, failures);
            }

            await Task.Delay(_options.PollInterval, time);
        }
    }
}
