using OrleansHa.FileSets;
using OrleansHa.Roles;

namespace OrleansHa.Benchmarks.Roles;

/// <summary>
/// Two silo processes as an HA group (<see cref="RoleSystems"/>): the write-unavailability of a planned switch-over
/// under a steady append load with its file sets, beside the same load with no swap; the time from SIGKILL of
/// production to the backup accepting appends with the failover policy on; and the bytes a switch-back copies after 1%
/// of the files changed, as a share of a full copy.
/// </summary>
public sealed partial class RolesSuite : IBenchmarkSuite
{
    private const int Journals = 4;
    private const int BatchSize = 100;
    private const int FilesPerSet = 10;
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(10);

    /// <inheritdoc />
    public string Name => "roles";

    /// <inheritdoc />
    public string Description => "HA group of two silo processes: switch-over write-unavailability under load beside no swap, SIGKILL to failover, switch-back bytes";

    /// <inheritdoc />
    public string? Note => $"PROD and BACKUP are one silo process each (SQLite) on this machine, sharing its cores with the load; {Journals} journals, "
        + $"one caller each sending batches of {BatchSize} at a fixed pace and following production (a refused batch is sent again, same request id, "
        + $"to the writable production); file sets of {FilesPerSet} files, ten per batch; the failover policy's grace period is the shortest allowed "
        + $"({RoleSystems.GracePeriod.TotalSeconds:0} s), so it is the floor of the failover figure.";

    /// <inheritdoc />
    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var sizes = new Sizes(
            FileSets: context.FileSets ?? (context.Quick ? 10 : 100),
            FileSize: context.Quick ? 4 * 1024 : 16 * 1024,
            EntriesPerSecond: context.Quick ? 2_000 : 10_000,
            Phase: TimeSpan.FromSeconds(context.Quick ? 2 : 5));
        await using var systems = await RoleSystems.StartAsync(context.WorkDirectory, sizes.FileSets, FilesPerSet, sizes.FileSize, Journals, context.Log, cancellationToken);
        var switchOver = await MeasureSwitchOverAsync(context, systems, sizes, cancellationToken);
        var back = await MeasureFailoverAndSwitchBackAsync(context, systems, sizes, switchOver.FullCopyBytes, cancellationToken);
        var fullCopy = (double)switchOver.FullCopyBytes;
        return
        [
            new BenchmarkResult(
                $"switch-over: writes refused (its report), {sizes.EntriesPerSecond:N0} entries/s offered, {sizes.FileSets} file sets",
                switchOver.Report.WritesRefused.TotalSeconds, null, "s", "-", "< 5 s", switchOver.Report.WritesRefused.TotalSeconds < 5),
            new BenchmarkResult(
                "switch-over: longest time no append was acknowledged, as the clients saw it",
                switchOver.WithSwap.LongestGap.TotalSeconds, switchOver.Baseline.LongestGap.TotalSeconds, "s", "same load, no swap", "< 5 s", switchOver.WithSwap.LongestGap.TotalSeconds < 5),
            new BenchmarkResult(
                $"switch-over: acknowledged entries lost or applied twice (of {switchOver.Acknowledged:N0})",
                switchOver.LostOrTwice, null, "entries", "-", "0", switchOver.LostOrTwice == 0),
            new BenchmarkResult(
                "appends acknowledged during the run",
                switchOver.WithSwap.EntriesPerSecond, switchOver.Baseline.EntriesPerSecond, "entries/s", "same load, no swap", "-", null),
            new BenchmarkResult(
                "failover: SIGKILL of production to the backup accepting appends, policy on",
                back.FailoverSeconds, RoleSystems.GracePeriod.TotalSeconds, "s", "grace period", "< 15 s", back.FailoverSeconds < 15),
            new BenchmarkResult(
                $"switch-back after 1% of files changed ({back.ChangedFiles} of {sizes.FileSets * FilesPerSet}): bytes copied, % of a full copy",
                100 * back.BytesCopied / fullCopy, 100 * back.ChangedBytes / fullCopy, "%", "the changed files' bytes", "< 5%", back.BytesCopied < 0.05 * fullCopy),
        ];
    }

    private static long Bytes(IEnumerable<RunRecord> runs, string what)
    {
        var list = runs.ToList();
        var failed = list.FirstOrDefault(r => r.Outcome != RunOutcome.Succeeded);
        return failed is null ? list.Sum(r => r.BytesCopied) : throw new InvalidOperationException($"{what}: run of {failed.FileSet} to {failed.Destination} ended {failed.Outcome}: {failed.Error}");
    }

    private static void Require(RoleSwapReport report, string what)
    {
        if (!report.Succeeded)
        {
            throw new InvalidOperationException($"{what} failed: {report.Error}");
        }
    }

    private sealed record Sizes(int FileSets, int FileSize, double EntriesPerSecond, TimeSpan Phase);

    private sealed record SwitchOverFigures(RoleSwapReport Report, LoadFigures WithSwap, LoadFigures Baseline, long LostOrTwice, long Acknowledged, long FullCopyBytes);

    private sealed record BackFigures(double FailoverSeconds, int ChangedFiles, long ChangedBytes, long BytesCopied);
}
