using System.Diagnostics;
using System.Text;
using OrleansHa.Benchmarks.Gateway;

namespace OrleansHa.Benchmarks.Cluster;

/// <summary>
/// One silo as it ships, as its own process (<c>dotnet OrleansHa.Silo.dll</c>, which the project reference copies
/// beside the benchmark), so it can be SIGKILLed: a member of a cluster azure system, its gateway, silo-to-silo and
/// health endpoints on fixed free loopback ports (a restart keeps them), its own data folder. The last lines it
/// printed are kept for the error when it does not become healthy.
/// </summary>
internal sealed class ClusterSilo : IAsyncDisposable
{
    private readonly string[] _arguments;
    private readonly StringBuilder _output = new();
    private readonly Lock _outputGate = new();
    private Process? _process;

    public ClusterSilo(string name, string dataFolder, IEnumerable<string> clusterArguments)
    {
        Name = name;
        DataFolder = dataFolder;
        GatewayPort = SecuredSilo.FreePort();
        HealthPort = SecuredSilo.FreePort();
        SiloPort = SecuredSilo.FreePort();
        _arguments =
        [
            "--data-folder", dataFolder, "--gateway", $"127.0.0.1:{GatewayPort}", "--silo-endpoint", $"127.0.0.1:{SiloPort}",
            "--health", $"127.0.0.1:{HealthPort}", "--Serilog:MinimumLevel:Default", "Warning", .. clusterArguments,
        ];
    }

    /// <summary>A label for progress lines, e.g. <c>THREE-2</c>.</summary>
    public string Name { get; }

    public string DataFolder { get; }

    public int GatewayPort { get; }

    public int HealthPort { get; }

    /// <summary>The silo-to-silo port: part of the silo address Orleans names it by (<c>S127.0.0.1:port:generation</c>).</summary>
    public int SiloPort { get; }

    /// <summary>Whether <paramref name="siloAddress"/> (Orleans' silo address, as a grain reports where it is active) is this silo.</summary>
    public bool Is(string? siloAddress)
        => siloAddress is not null && siloAddress.StartsWith(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"S127.0.0.1:{SiloPort}:"), StringComparison.Ordinal);

    public string Gateway => $"127.0.0.1:{GatewayPort}";

    public bool Running => _process is { HasExited: false };

    private static string SiloDll
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, "OrleansHa.Silo.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"OrleansHa.Silo.dll is not in {AppContext.BaseDirectory}: build the benchmark project (it references the silo).");
        }
    }

    /// <summary>Starts the process and returns once <c>GET /health</c> answers 200.</summary>
    public async Task StartAsync(string administratorSecret, CancellationToken cancellationToken)
    {
        if (Running)
        {
            throw new InvalidOperationException($"Silo {Name} is already running.");
        }

        Directory.CreateDirectory(DataFolder);
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = DataFolder,
        };
        start.ArgumentList.Add(SiloDll);
        foreach (var argument in _arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // In the environment, not on the command line, so the process list does not show it.
        start.Environment["ORLEANSHA_Silo__InitialAdministratorSecret"] = administratorSecret;
        start.Environment["DOTNET_gcServer"] = "0";
        _process?.Dispose();
        lock (_outputGate)
        {
            _output.Clear();
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitHealthyAsync(TimeSpan.FromSeconds(120), cancellationToken);
    }

    /// <summary>SIGKILL: the silo gets no chance to leave the cluster, so the others must detect its death.</summary>
    public async Task KillAsync()
    {
        if (!Running)
        {
            return;
        }

        _process!.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, and wait for the orderly shutdown (the silo leaves the cluster, grains deactivate).</summary>
    public async Task StopAsync()
    {
        if (!Running)
        {
            return;
        }

        // kill(1) rather than a P/Invoke of kill(2): this project does not compile unsafe code.
        using (var term = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false }))
        {
            await term!.WaitForExitAsync();
        }

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
    }

    private async Task WaitHealthyAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < limit)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"Silo {Name} exited with code {_process.ExitCode} before it was healthy. Its last output:\n{Tail()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{HealthPort}/health"), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not listening yet.
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"Silo {Name} was not healthy within {limit}. Its last output:\n{Tail()}");
    }

    private string Tail()
    {
        lock (_outputGate)
        {
            var text = _output.ToString();
            return text.Length <= 4_000 ? text : text[^4_000..];
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputGate)
        {
            _output.AppendLine(line);
            if (_output.Length > 64_000)
            {
                _output.Remove(0, _output.Length - 32_000);
            }
        }
    }
}
