using System.Globalization;
using System.Reflection;
using Orleans.Configuration;
using OrleansHa.Silo.Hosting;
using OrleansHa.Testing;

namespace OrleansHa.Benchmarks.Cluster;

/// <summary>
/// A system of several silos as it ships (cluster azure: Orleans' membership, grain state and reminders in Azurite;
/// journals in PostgreSQL), every silo its own process on loopback: journal appends/s and monitor convergence on three
/// silos beside one under the same client load, and the time from SIGKILL of a silo until every journal accepts
/// appends again, with the membership settings the silo ships (silo/Hosting/ClusterMembership.cs).
/// </summary>
public sealed partial class ClusterSuite : IBenchmarkSuite
{
    private const int Journals = 30;
    private const int BatchSize = 10;

    /// <inheritdoc />
    public string Name => "cluster";

    /// <inheritdoc />
    public string Description => "cluster azure + PostgreSQL journals, silo processes: appends/s and monitor convergence on three silos beside one, back after SIGKILL";

    /// <inheritdoc />
    public string? Note => "Every process (silos, Azurite, PostgreSQL, the client) shares this machine's cores, so three silos add no CPU here; "
        + "membership as the silo ships it: " + MembershipSettings() + ".";

    /// <inheritdoc />
    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var load = new LoadSizes(
            AppendSeconds: context.Quick ? 3 : 20,
            Users: context.FileSets is { } given ? Math.Max(1, given / 10) : context.Quick ? 100 : 10_000);
        context.Log.WriteLine($"[cluster] membership: {MembershipSettings()}");
        await using var azurite = await BenchAzurite.StartAsync(Path.Combine(context.WorkDirectory, "azurite"), cancellationToken);
        await using var postgres = await PostgresServer.StartAsync(cancellationToken);
        var one = await MeasureSystemAsync(context, "ONE", 1, azurite, postgres, load, failover: false, cancellationToken);
        var three = await MeasureSystemAsync(context, "THREE", 3, azurite, postgres, load, failover: true, cancellationToken);

        var fileSets = load.Users * 10;
        var back = three.Failover!;
        return
        [
            new BenchmarkResult(
                $"back after SIGKILL of the silo holding them: slowest of its {back.Moved} journals (median {back.MedianSeconds:F2} s; the other silos' journals {back.OthersSlowestSeconds:F2} s)",
                back.SlowestSeconds, null, "s", "-", "< 15 s", back.SlowestSeconds < 15),
            new BenchmarkResult(
                $"journal appends, {Journals} journals x batches of {BatchSize}, {Journals} callers, three silos",
                three.AppendsPerSecond, one.AppendsPerSecond, "entries/s", "one silo, same load", ">= 1.5x one silo", three.AppendsPerSecond >= 1.5 * one.AppendsPerSecond),
            new BenchmarkResult(
                $"settings import, {fileSets:N0} file sets, three silos",
                three.ImportSeconds, one.ImportSeconds, "s", "one silo", "-", null),
            new BenchmarkResult(
                $"monitor converge from cold (import --cold-start after a restart), {fileSets:N0} file sets ({three.Workers:N0} workers), three silos",
                three.ConvergeSeconds, one.ConvergeSeconds, "s", "one silo", "-", null),
        ];
    }

    /// <summary>Starts system <paramref name="name"/> of <paramref name="silos"/> silos over a fresh database and runs each measure on it.</summary>
    private static async Task<SystemFigures> MeasureSystemAsync(
        BenchmarkContext context, string name, int silos, BenchAzurite azurite, PostgresServer postgres, LoadSizes load, bool failover, CancellationToken cancellationToken)
    {
        var journalDatabase = await postgres.CreateDatabaseAsync("journals_" + name.ToLowerInvariant(), cancellationToken);
        await using var system = await ClusterSystem.StartAsync(
            Path.Combine(context.WorkDirectory, name.ToLowerInvariant()), name, silos, azurite.ConnectionString, journalDatabase, context.Log, cancellationToken);
        var next = new long[Journals];
        var appends = await MeasureAppendsAsync(context, system, load.AppendSeconds, next, cancellationToken);
        var back = failover ? await MeasureFailoverAsync(context, system, next, cancellationToken) : null;
        var (import, converge, workers) = await MeasureConvergeAsync(context, system, load.Users, cancellationToken);
        return new SystemFigures(appends, import, converge, workers, back);
    }

    /// <summary>The membership options the silo's own configuration sets, read from the silo assembly so the table never states other values.</summary>
    private static string MembershipSettings()
    {
        var configure = typeof(SiloHostExtensions).Assembly.GetType("OrleansHa.Silo.Hosting.ClusterMembership")?.GetMethod("Configure", BindingFlags.Public | BindingFlags.Static);
        if (configure is null)
        {
            return "the silo has no OrleansHa.Silo.Hosting.ClusterMembership.Configure (Orleans' defaults)";
        }

        var options = new ClusterMembershipOptions();
        configure.Invoke(null, [options]);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"ProbeTimeout {options.ProbeTimeout.TotalSeconds:0.#} s, NumMissedProbesLimit {options.NumMissedProbesLimit}, NumProbedSilos {options.NumProbedSilos}, NumVotesForDeathDeclaration {options.NumVotesForDeathDeclaration}, TableRefreshTimeout {options.TableRefreshTimeout.TotalSeconds:0.#} s, IAmAliveTablePublishTimeout {options.IAmAliveTablePublishTimeout.TotalSeconds:0.#} s");
    }

    private sealed record LoadSizes(int AppendSeconds, int Users);

    private sealed record SystemFigures(double AppendsPerSecond, double ImportSeconds, double ConvergeSeconds, int Workers, FailoverFigures? Failover);

    private sealed record FailoverFigures(double SlowestSeconds, double MedianSeconds, int Moved, double OthersSlowestSeconds);
}
