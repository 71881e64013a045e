using OrleansHa.Journals;
using OrleansHa.Roles;
using OrleansHa.Security;

namespace OrleansHa.Grains.Roles;

// Divergence: entries a former production appended but never shipped, kept by its journals. Listing and resolving are
// the journals' (JournalGrain.Roles.cs); the group grain checks the caller and walks the journals.
public sealed partial class HaGroupGrain
{
    /// <summary>The most divergent entries one listing answers.</summary>
    public const int MaxDivergenceLimit = 10_000;

    /// <inheritdoc/>
    public async Task<IReadOnlyList<DivergentEntry>> GetDivergenceAsync(string? journal, int limit)
    {
        CallerPrincipal.Current.DemandAdministrator("list divergent entries");
        if (limit is < 1 or > MaxDivergenceLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, $"A divergence listing takes 1 to {MaxDivergenceLimit} entries; {limit} was asked.");
        }

        CallerPrincipal.ActAsSilo();
        var names = journal is null ? await JournalStore.ListJournalsAsync(CancellationToken.None) : [journal];
        var entries = new List<DivergentEntry>();
        foreach (var name in names)
        {
            if (entries.Count >= limit)
            {
                break;
            }

            entries.AddRange(await GrainFactory.GetGrain<IJournalGrain>(name).GetDivergenceAsync(null, limit - entries.Count));
        }

        return entries;
    }

    /// <inheritdoc/>
    public async Task<DivergenceResolution> ResolveDivergenceAsync(string journal, string? key, DivergenceAction action, bool dryRun)
    {
        CallerPrincipal.Current.DemandAdministrator("re-apply or discard divergent entries");
        ArgumentException.ThrowIfNullOrEmpty(journal);
        if (!Enum.IsDefined(action))
        {
            throw new ArgumentOutOfRangeException(nameof(action), action, "The action is Reapply or Discard.");
        }

        if (!TryBegin($"{(action == DivergenceAction.Reapply ? "re-applying" : "discarding")} divergent entries of journal '{journal}'", out var refusal))
        {
            throw new InvalidOperationException(refusal);
        }

        try
        {
            CallerPrincipal.ActAsSilo();
            var resolution = await GrainFactory.GetGrain<IJournalGrain>(journal).ResolveDivergenceAsync(key, action, dryRun);
            LogDivergenceResolved(logger, LocalSystem, journal, key ?? "*", action, dryRun, resolution.Entries);
            return resolution;
        }
        finally
        {
            End();
        }
    }
}
