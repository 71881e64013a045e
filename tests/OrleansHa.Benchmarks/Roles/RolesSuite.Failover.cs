using System.Diagnostics;
using System.Globalization;
using OrleansHa.FileSets;
using OrleansHa.Journals;
using OrleansHa.Monitoring;
using OrleansHa.Roles;
using ActivityQuery = OrleansHa.Monitoring.ActivityQuery;

namespace OrleansHa.Benchmarks.Roles;

public sealed partial class RolesSuite
{
    private static readonly TimeSpan FailoverLimit = TimeSpan.FromSeconds(120);

    /// <summary>
    /// SIGKILL of PROD (production, with the failover policy on both sides); from the moment it has exited, one append
    /// is sent to BACKUP until it is accepted (the same request id each time). Then 1% of the files change on BACKUP's
    /// trees (the new production's sources), PROD starts again over its own data, learns the epoch, and BACKUP's
    /// switch-back resynchronises it: the figure is every byte the file set runs to PROD copied since the failover.
    /// </summary>
    private static async Task<BackFigures> MeasureFailoverAndSwitchBackAsync(BenchmarkContext context, RoleSystems systems, Sizes sizes, long fullCopy, CancellationToken cancellationToken)
    {
        await using var backup = await systems.ConnectAsync("BACKUP", cancellationToken);
        await RoleSystems.GateAsync(backup.Client, g => g is { Role: SystemRole.Backup, Phase: HaGroupPhase.Steady }, FailoverLimit, cancellationToken);
        var journal = backup.Client.GetGrain<IJournalGrain>(RoleSystems.JournalName(0));
        JournalChange[] change = [JournalChange.Put("after-failover", DateTimeOffset.UtcNow, new() { ["n"] = "1" })];

        context.Log.WriteLine("[roles] SIGKILL of PROD, production; appending to BACKUP until it accepts");
        var since = DateTimeOffset.UtcNow;
        await systems.Prod.KillAsync();
        var watch = Stopwatch.StartNew();
        var attempts = 0;
        while (true)
        {
            attempts++;
            try
            {
                if ((await journal.AppendAsync("after-failover", change)).Accepted)
                {
                    break;
                }
            }
            catch (WritesRefusedException) when (watch.Elapsed < FailoverLimit)
            {
                // Still the backup, or being promoted.
            }

            await Task.Delay(20, cancellationToken);
        }

        var failover = watch.Elapsed.TotalSeconds;
        var gate = await backup.Client.GetGrain<IHaGroupGrain>(HaGroups.Default).GetGateAsync();
        context.Log.WriteLine($"[roles] BACKUP accepted appends {failover:F2} s after the SIGKILL ({attempts} attempts), epoch {gate.Epoch}");

        // 1% of the files, spread over the file sets, get new content of the same size on the new production.
        var total = sizes.FileSets * FilesPerSet;
        var changed = Math.Max(1, total / 100);
        for (var k = 0; k < changed; k++)
        {
            var file = k * total / changed;
            var path = Path.Combine(systems.Tree("BACKUP", file / FilesPerSet), string.Create(CultureInfo.InvariantCulture, $"file-{file % FilesPerSet:D3}.bin"));
            await File.WriteAllBytesAsync(path, RoleSystems.Content(1_000_000 + k, sizes.FileSize), cancellationToken);
        }

        context.Log.WriteLine($"[roles] {changed} files changed on BACKUP; PROD starts again");
        await systems.Prod.StartAsync(RoleSystems.Secret, cancellationToken);
        await using var prod = await systems.ConnectAsync("PROD", cancellationToken);
        await RoleSystems.GateAsync(prod.Client, g => g.Epoch == gate.Epoch && g.Phase == HaGroupPhase.Steady, FailoverLimit, cancellationToken);
        var report = await backup.Client.GetGrain<IHaGroupGrain>(HaGroups.Default).SwitchBackAsync(dryRun: false);
        Require(report, "The switch-back");
        var runs = (await backup.Client.GetGrain<IActivityLogGrain>(RoleSystems.Owner).QueryAsync(new ActivityQuery(Since: since, Limit: 10_000)))
            .Where(r => r.Destination == "PROD")
            .ToList();
        var copied = runs.Sum(r => r.BytesCopied);
        context.Log.WriteLine(
            $"[roles] switch-back: {report.BytesCopied:N0} bytes in its report, {copied:N0} bytes in {runs.Count} runs to PROD since the failover "
            + $"({runs.Count(r => r.Outcome == RunOutcome.Succeeded)} succeeded), of a full copy of {fullCopy:N0}");
        return new BackFigures(failover, changed, (long)changed * sizes.FileSize, Math.Max(copied, report.BytesCopied));
    }
}
