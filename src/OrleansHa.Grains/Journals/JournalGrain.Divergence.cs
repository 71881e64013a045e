using OrleansHa.Grains.Roles;
using OrleansHa.Journals;
using OrleansHa.Roles;
using OrleansHa.Security;

namespace OrleansHa.Grains.Journals;

/// <summary>
/// Divergence: entries this system appended as production but never shipped before another system took over. Listed,
/// then re-applied through production's journal (its apply rules decide) or discarded, by the administrator; never
/// applied or dropped otherwise.
/// </summary>
public sealed partial class JournalGrain
{
    /// <summary>At most this many divergent entries per re-applied append (and per discard transaction).</summary>
    private const int ResolveBatch = 1_000;

    /// <inheritdoc/>
    public async Task<DivergentEntry[]> GetDivergenceAsync(string? key, int limit)
    {
        CallerPrincipal.Current.DemandAdministrator($"list the divergent entries of journal '{Name}'");
        return [.. await store.ListDivergenceAsync(Name, key, ValidLimit(limit), CancellationToken.None)];
    }

    /// <inheritdoc/>
    public async Task<DivergenceResolution> ResolveDivergenceAsync(string? key, DivergenceAction action, bool dryRun)
    {
        var caller = CallerPrincipal.Current;
        var verb = action == DivergenceAction.Discard ? "discard" : "re-apply";
        caller.DemandAdministrator($"{verb} the divergent entries of journal '{Name}'");
        if (!Enum.IsDefined(action))
        {
            throw new ArgumentOutOfRangeException(nameof(action), action, $"Divergent entries are re-applied ({DivergenceAction.Reapply}) or discarded ({DivergenceAction.Discard}).");
        }

        if (dryRun)
        {
            var open = key is null
                ? (int)await store.CountDivergenceAsync(Name, CancellationToken.None)
                : (await store.ListDivergenceAsync(Name, key, MaxListed, CancellationToken.None)).Count;
            return new DivergenceResolution(Name, action, true, open, 0, 0, action == DivergenceAction.Discard ? open : 0);
        }

        // The store's activity line names who closed the entries: the administrator when the call reaches here with
        // the administrator's principal, "the silo" when the group grain dropped it before calling.
        var by = caller.Name ?? "the silo";
        var resolution = action == DivergenceAction.Discard ? await DiscardAsync(key, by) : await ReapplyAsync(key, by);
        LogDivergenceResolved(logger, Name, action, resolution.Entries, resolution.Applied, resolution.Rejected, by);
        return resolution;
    }

    private async Task<DivergenceResolution> DiscardAsync(string? key, string by)
    {
        var discarded = 0;
        while (await store.ListDivergenceAsync(Name, key, ResolveBatch, CancellationToken.None) is { Count: > 0 } open)
        {
            var closed = await store.ResolveDivergenceAsync(Name, [.. open.Select(e => e.Sequence)], DivergenceAction.Discard, by, CancellationToken.None);
            RequireClosed(closed, open);
            discarded += closed;
        }

        return new DivergenceResolution(Name, DivergenceAction.Discard, false, discarded, 0, 0, discarded);
    }

    /// <summary>
    /// Appends the open entries, oldest first, to production's journal in batches of one epoch and at most
    /// <see cref="ResolveBatch"/> entries, and closes each batch once production has answered. Order per batch: append,
    /// then close. A crash between the two leaves the batch open; the repeat appends it with the same request id
    /// (<c>divergence/SYSTEM/EPOCH/FIRST-LAST</c>), which production answers from its first time without applying again.
    /// </summary>
    private async Task<DivergenceResolution> ReapplyAsync(string? key, string by)
    {
        var append = await ProductionAppenderAsync();
        int entries = 0, applied = 0, rejected = 0;
        while (await store.ListDivergenceAsync(Name, key, ResolveBatch, CancellationToken.None) is { Count: > 0 } open)
        {
            var batch = open.TakeWhile(e => e.Epoch == open[0].Epoch).ToList();
            var requestId = $"divergence/{Local}/{batch[0].Epoch}/{batch[0].Sequence}-{batch[^1].Sequence}";
            var result = await append(requestId, [.. batch.Select(e => e.Change)]);
            if (!result.Accepted)
            {
                throw new InvalidOperationException(
                    $"Production refused the re-applied divergent entries {batch[0].Sequence}-{batch[^1].Sequence} of journal '{Name}': {result.Error} "
                    + $"They stay open ({entries:N0} re-applied before them are closed); repeat once production takes them.");
            }

            var closed = await store.ResolveDivergenceAsync(Name, [.. batch.Select(e => e.Sequence)], DivergenceAction.Reapply, by, CancellationToken.None);
            RequireClosed(closed, batch);
            entries += closed;
            applied += result.Journaled + result.Filtered;
            rejected += result.Rejected;
        }

        return new DivergenceResolution(Name, DivergenceAction.Reapply, false, entries, applied, rejected, 0);
    }

    /// <summary>
    /// Where re-applied entries go: production's journal of this name through the remote-system connector (this
    /// journal's receiver entry for production gives address and credential), or this journal itself when this system
    /// is production now (then the gate must let appends through, as for any append).
    /// </summary>
    private async Task<Func<string, JournalChange[], Task<JournalAppendResult>>> ProductionAppenderAsync()
    {
        var gate = await RoleGates.GetAsync(GrainFactory);
        if (gate.Production is null || gate.Production == Local)
        {
            DemandWritable();
            return AppendCoreAsync;
        }

        var address = ReceiverAddress(gate.Production, "re-apply its divergent entries there");
        var production = (await connector.ConnectAsync(address, CancellationToken.None)).GetGrain<IJournalGrain>(Name);
        return production.AppendAsync;
    }

    private void RequireClosed(int closed, IReadOnlyList<DivergentEntry> batch)
    {
        if (closed == 0)
        {
            // Nothing closed although the store listed these as open: stop rather than loop.
            throw new InvalidOperationException(
                $"Journal '{Name}': the divergent entries {batch[0].Sequence}-{batch[^1].Sequence} were listed as open but none could be closed; list the divergence again and repeat.");
        }
    }
}
