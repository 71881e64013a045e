using OrleansHa.Roles;

namespace OrleansHa.Benchmarks.Roles;

public sealed partial class RolesSuite
{
    /// <summary>
    /// A full run of every file set to BACKUP (the full copy the switch-back is measured against); then the load with no
    /// swap (the baseline); then the same load with a planned switch-over called after <see cref="Sizes.Phase"/> and the
    /// load going on as long again after it returned. Every acknowledged entry of both runs is then looked for on the new
    /// production. A second, unmeasured switch-over gives PROD its role back for the failover.
    /// </summary>
    private static async Task<SwitchOverFigures> MeasureSwitchOverAsync(BenchmarkContext context, RoleSystems systems, Sizes sizes, CancellationToken cancellationToken)
    {
        await using var prod = await systems.ConnectAsync("PROD", cancellationToken);
        await using var backup = await systems.ConnectAsync("BACKUP", cancellationToken);
        context.Log.WriteLine($"[roles] full copy: a run of each of the {systems.FileSets} file sets to BACKUP");
        var fullCopy = Bytes(await systems.RunAllAsync(prod.Client, "BACKUP", RunLimit, cancellationToken), "full copy");
        context.Log.WriteLine($"[roles] full copy: {fullCopy:N0} bytes");

        var load = new RoleLoad(new Dictionary<string, IClusterClient> { ["PROD"] = prod.Client, ["BACKUP"] = backup.Client }, Journals, BatchSize, sizes.EntriesPerSecond);
        context.Log.WriteLine($"[roles] baseline: {sizes.EntriesPerSecond:N0} entries/s offered for {2 * sizes.Phase.TotalSeconds:0} s, no swap");
        var baseline = await load.RunAsync("PROD", sizes.Phase, null, sizes.Phase, cancellationToken);
        context.Log.WriteLine($"[roles] baseline: {baseline.EntriesPerSecond:N0} entries/s acknowledged, longest gap {baseline.LongestGap.TotalMilliseconds:N0} ms");

        RoleSwapReport? report = null;
        context.Log.WriteLine("[roles] the same load with a switch-over PROD -> BACKUP in the middle");
        var withSwap = await load.RunAsync(
            "PROD", sizes.Phase, async () => report = await prod.Client.GetGrain<IHaGroupGrain>(HaGroups.Default).SwitchOverAsync(dryRun: false), sizes.Phase, cancellationToken);
        Require(report!, "The switch-over");
        foreach (var step in report!.Steps)
        {
            context.Log.WriteLine($"[roles]   {step.Name}: {step.Took.TotalMilliseconds:N0} ms, {step.Detail}");
        }

        var acknowledged = baseline.Accepted.Concat(withSwap.Accepted).ToList();
        var lost = await load.LostOrTwiceAsync(backup.Client, acknowledged);
        context.Log.WriteLine(
            $"[roles] switch-over: writes refused {report.WritesRefused.TotalMilliseconds:N0} ms (report), longest gap {withSwap.LongestGap.TotalMilliseconds:N0} ms, "
            + $"{withSwap.Refusals} refusals followed, {lost} entries lost or twice, the call took {withSwap.SwapTook.TotalMilliseconds:N0} ms");

        context.Log.WriteLine("[roles] switching back over BACKUP -> PROD (not measured)");
        Require(await backup.Client.GetGrain<IHaGroupGrain>(HaGroups.Default).SwitchOverAsync(dryRun: false), "The switch-over back to PROD");
        return new SwitchOverFigures(report, withSwap, baseline, lost, acknowledged.Sum(a => a.Last - a.First + 1), fullCopy);
    }
}
