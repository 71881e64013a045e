using System.Diagnostics;
using OrleansHa.Benchmarks.Gateway;

namespace OrleansHa.Benchmarks.Cli;

/// <summary>
/// The CLI's time to first answer (issue 9, item 5): wall time from starting <c>dotnet orleansha.dll ping</c> (and
/// <c>status</c>) to its exit, against a silo as it ships (TLS gateway, login, session token), beside the same process
/// answering <c>--help</c>, which starts the runtime and parses the command line but connects to nothing.
/// </summary>
public sealed class CliStartSuite : IBenchmarkSuite
{
    private static readonly string[] ClearedVariables = ["ORLEANSHA_PASSWORD", "ORLEANSHA_PASSWORD_FILE", "ORLEANSHA_SYSTEM", "ORLEANSHA_GATEWAY", "ORLEANSHA_USER", "ORLEANSHA_CONFIG", "ORLEANSHA_TLS", "ORLEANSHA_TLS_TRUST"];

    /// <inheritdoc />
    public string Name => "cli";

    /// <inheritdoc />
    public string Description => "the CLI's time to first answer: process start of orleansha ping/status to exit, beside orleansha --help";

    /// <inheritdoc />
    public string Note => "medians of 5 runs after one warm-up each; the silo runs in the benchmark process, the CLI is its own process (dotnet orleansha.dll, framework-dependent, JIT). "
        + "No target in issue 9 (it asks for the figure).";

    /// <inheritdoc />
    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var runs = 5;
        var cli = Path.Combine(AppContext.BaseDirectory, "orleansha.dll");
        if (!File.Exists(cli))
        {
            throw new FileNotFoundException($"orleansha.dll is not beside the benchmark in {AppContext.BaseDirectory}; build the benchmark project (it references the client).");
        }

        context.Log.WriteLine("[cli] starting the OrleansHa silo (TLS)");
        await using var silo = await SecuredSilo.StartAsync(Path.Combine(context.WorkDirectory, "cli"), "BENCH", cancellationToken);
        string[] connect = ["--system", silo.SystemName, "--gateway", silo.Gateway, "--password", SecuredSilo.Secret, "--tls", "--tls-trust", silo.TrustedCertificate];
        var commands = new (string Name, string[] Arguments)[]
        {
            ("--help", ["--help"]),
            ("ping", ["ping", .. connect]),
            ("status", ["status", .. connect]),
        };

        var medians = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, arguments) in commands)
        {
            await TimeAsync(cli, arguments, cancellationToken);
            var times = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                times.Add(await TimeAsync(cli, arguments, cancellationToken));
            }

            times.Sort();
            medians[name] = times[times.Count / 2];
            context.Log.WriteLine($"[cli] orleansha {name}: p50 {medians[name]:F0} ms (runs: {string.Join(", ", times.Select(t => t.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))} ms)");
        }

        return
        [
            new($"orleansha ping, start to exit (p50 of {runs})", medians["ping"], medians["--help"], "ms", "orleansha --help (no connection)", "-", null),
            new($"orleansha status, start to exit (p50 of {runs})", medians["status"], medians["--help"], "ms", "orleansha --help (no connection)", "-", null),
        ];
    }

    private static async Task<double> TimeAsync(string cli, string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        start.ArgumentList.Add(cli);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var variable in ClearedVariables)
        {
            start.Environment.Remove(variable);
        }

        start.Environment["COLUMNS"] = "200";
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var elapsed = watch.Elapsed.TotalMilliseconds;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"orleansha {string.Join(' ', arguments.Take(1))} exited {process.ExitCode}: {await error}{await output}");
        }

        return elapsed;
    }
}
