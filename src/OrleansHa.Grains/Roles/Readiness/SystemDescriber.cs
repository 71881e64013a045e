using OrleansHa.Destinations;
using OrleansHa.FileSets;
using OrleansHa.Journals;
using OrleansHa.Monitoring;
using OrleansHa.Roles;
using OrleansHa.Security;
using OrleansHa.Settings;

namespace OrleansHa.Grains.Roles.Readiness;

/// <summary>
/// Puts together what this system tells another member of its group for a readiness check: its settings document, its
/// journals (definition, position, the replicas of the same name it holds), its file sets' last successful run per
/// destination, and its clock, read last so that it is as close as possible to the moment the answer leaves.
/// </summary>
public sealed class SystemDescriber(IGrainFactory grains, IJournalStore journals, TimeProvider time)
{
    // How far back a file set's activity log is searched for its last successful run when its last run failed.
    private const int ActivitySearchLimit = 200;

    /// <summary>This system's definitions, journals, file sets' last successful runs, gate and clock.</summary>
    /// <remarks>
    /// The caller has checked who is calling; every call made here is a trusted silo call (the settings export, the
    /// journals' status), so a member's administrator credential is all a description needs.
    /// </remarks>
    public async Task<SystemDescription> DescribeAsync(RoleGate gate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gate);
        CallerPrincipal.ActAsSilo();
        var settings = await grains.GetGrain<ISettingsGrain>("system").ExportAsync();
        cancellationToken.ThrowIfCancellationRequested();
        var described = await DescribeJournalsAsync(gate, settings, cancellationToken);
        var lastSuccesses = await LastSuccessesAsync(settings, cancellationToken);
        return new SystemDescription(gate.LocalSystem, gate, settings, described, lastSuccesses, time.GetUtcNow());
    }

    private async Task<IReadOnlyList<JournalDescription>> DescribeJournalsAsync(RoleGate gate, SettingsDocument settings, CancellationToken cancellationToken)
    {
        var names = await journals.ListJournalsAsync(cancellationToken);
        var definitions = new Dictionary<string, JournalDefinition?>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            definitions[name] = (await journals.GetLocalStateAsync(name, cancellationToken)).Definition;
        }

        // The systems whose replicas this one may hold. The store keeps no list of remote journals, so the candidates
        // are every system this one knows as another member would: production, the systems it sends files to, and the
        // receivers of its journals (in a group, a journal's receiver is the member that ships the same journal back).
        var sources = new SortedSet<string>(StringComparer.Ordinal);
        if (gate.Production is { } production)
        {
            sources.Add(production);
        }

        foreach (var destination in settings.Destinations)
        {
            if (destination.Definition is { Transport: DestinationTransport.Silo, RemoteSystem: { } remote })
            {
                sources.Add(remote);
            }
        }

        foreach (var definition in definitions.Values)
        {
            foreach (var receiver in definition?.Receivers ?? [])
            {
                sources.Add(receiver.SystemName);
            }
        }

        sources.Remove(gate.LocalSystem);
        var described = new List<JournalDescription>(names.Count);
        foreach (var name in names)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var status = await grains.GetGrain<IJournalGrain>(name).GetStatusAsync();
            var replicas = new List<RemoteJournalStatus>();
            foreach (var source in sources)
            {
                var scope = $"{name}@{source}";
                // A replica that never received anything is one this system does not hold (the store answers zeros).
                var stored = await journals.GetRemoteStatusAsync(scope, cancellationToken);
                if (stored.LastApplied > 0 || stored.LastReceivedAt is not null)
                {
                    replicas.Add(await grains.GetGrain<IRemoteJournalGrain>(scope).GetStatusAsync());
                }
            }

            described.Add(new JournalDescription(name, definitions[name], status, replicas));
        }

        return described;
    }

    private async Task<IReadOnlyList<FileSetLastSuccess>> LastSuccessesAsync(SettingsDocument settings, CancellationToken cancellationToken)
    {
        var successes = new List<FileSetLastSuccess>();
        foreach (var fileSet in settings.FileSets)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var definition = fileSet.Definition;
            var info = await grains.GetGrain<IFileSetGrain>(definition.Key).GetAsync();
            IReadOnlyList<RunRecord>? activity = null;
            foreach (var target in definition.Targets)
            {
                var last = info?.LastRuns.FirstOrDefault(r => r.Destination == target.Destination);
                DateTimeOffset? succeededAt = last is { Outcome: RunOutcome.Succeeded } ? last.FinishedAt : null;
                if (succeededAt is null && last is not null)
                {
                    // The last run failed: an earlier success may still be in the owner's activity log.
                    activity ??= await grains.GetGrain<IActivityLogGrain>(definition.Owner).QueryAsync(new OrleansHa.Monitoring.ActivityQuery(definition.Name, null, ActivitySearchLimit));
                    succeededAt = activity
                        .Where(r => r.FileSet == definition.Key && r.Destination == target.Destination && r.Outcome == RunOutcome.Succeeded)
                        .Select(r => (DateTimeOffset?)r.FinishedAt)
                        .Max();
                }

                successes.Add(new FileSetLastSuccess(definition.Key, target.Destination, succeededAt));
            }
        }

        return successes;
    }
}
