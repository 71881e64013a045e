using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using OrleansHa.Connections;

namespace OrleansHa.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A real silo process (<c>dotnet OrleansHa.Silo.dll</c>) over a data folder, with its gateway, silo-to-silo endpoint
/// and health endpoint on free loopback ports (Orleans needs fixed ones, and several silos on one machine need their
/// own). Its standard output and error are kept, so a test can read what it printed (a generated administrator secret).
/// </summary>
public sealed partial class SiloProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private readonly Lock _outputGate = new();
    private Process? _process;

    public SiloProcess(string dataFolder, string systemName = "E2E", string? secret = DefaultSecret, int? gatewayPort = null, int? healthPort = null, int? siloPort = null, string gatewayHost = "127.0.0.1")
    {
        DataFolder = dataFolder;
        SystemName = systemName;
        Secret = secret;
        GatewayPort = gatewayPort ?? FreePort();
        HealthPort = healthPort ?? FreePort();
        SiloPort = siloPort ?? FreePort();
        GatewayHost = gatewayHost;
    }

    /// <summary>A silo over the same data folder and ports as <paramref name="earlier"/> (a restart).</summary>
    public SiloProcess(SiloProcess earlier)
        : this(earlier.DataFolder, earlier.SystemName, earlier.Secret, earlier.GatewayPort, earlier.HealthPort, earlier.SiloPort, earlier.GatewayHost)
    {
    }

    public const string DefaultSecret = "end-to-end-secret-0123456789";

    public string DataFolder { get; }

    public string SystemName { get; }

    /// <summary>The administrator secret given to a new credentials file; null lets the silo generate one.</summary>
    public string? Secret { get; }

    public int GatewayPort { get; }

    public int HealthPort { get; }

    public int SiloPort { get; }

    /// <summary>The address the gateway listens on (<c>--gateway HOST:port</c>); clients always reach it on loopback.</summary>
    public string GatewayHost { get; }

    /// <summary>Where clients reach the gateway: loopback and the gateway port.</summary>
    public string Gateway => $"127.0.0.1:{GatewayPort}";

    /// <summary>The file with the key only this system's silos hold (it signs session tokens and silo calls).</summary>
    public string SigningKeyFile => Path.Combine(DataFolder, "silo.key");

    public string CredentialsFile => Path.Combine(DataFolder, "credentials.json");

    public string Output
    {
        get
        {
            lock (_outputGate)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process is null || _process.HasExited;

    /// <summary>
    /// Environment variables the process gets besides the usual ones (e.g. <c>SSL_CERT_FILE</c>, to choose which
    /// certificate authorities it trusts); set them before <see cref="StartAsync"/>. Default none.
    /// </summary>
    public IDictionary<string, string> EnvironmentVariables { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public int ExitCode => _process!.ExitCode;

    /// <summary>The built silo: beside this test assembly (a project reference copies it), else in the silo's own bin folder.</summary>
    public static string SiloDll
    {
        get
        {
            var local = Path.Combine(AppContext.BaseDirectory, "OrleansHa.Silo.dll");
            return File.Exists(local) ? local : throw new FileNotFoundException($"OrleansHa.Silo.dll is not in {AppContext.BaseDirectory}; build the test project.");
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the process with extra arguments (e.g. <c>--storage memory</c>) and waits until /health answers.</summary>
    public async Task StartAsync(params string[] extraArguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = DataFolder,
        };
        start.ArgumentList.Add(SiloDll);
        foreach (var argument in new[] { "--system-name", SystemName, "--data-folder", DataFolder, "--gateway", $"{GatewayHost}:{GatewayPort}", "--silo-endpoint", $"127.0.0.1:{SiloPort}", "--health", $"127.0.0.1:{HealthPort}" }.Concat(extraArguments))
        {
            start.ArgumentList.Add(argument);
        }

        if (Secret is not null)
        {
            start.Environment["ORLEANSHA_Silo__InitialAdministratorSecret"] = Secret;
        }

        start.Environment["DOTNET_gcServer"] = "0";
        foreach (var (name, value) in EnvironmentVariables)
        {
            start.Environment[name] = value;
        }

        Directory.CreateDirectory(DataFolder);
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitHealthyAsync(TimeSpan.FromSeconds(90));
    }

    /// <summary>
    /// Starts the process expecting it to refuse: waits until it has exited and its output has ended, and returns its
    /// exit code (the output is in <see cref="Output"/>). Throws if the silo became healthy instead.
    /// </summary>
    public async Task<int> StartRefusedAsync(params string[] extraArguments)
    {
        try
        {
            await StartAsync(extraArguments);
        }
        catch (InvalidOperationException) when (_process is { HasExited: true })
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(timeout.Token);
            return _process.ExitCode;
        }

        throw new InvalidOperationException($"The silo started, but it was expected to refuse. Output:\n{Output}");
    }

    /// <summary>Connects to this silo's system and logs in (as the administrator unless told otherwise).</summary>
    public Task<SystemConnection> ConnectAsync(string user = "admin", string? secret = null, Action<SystemConnectionOptions>? configure = null)
    {
        var options = new SystemConnectionOptions { SystemName = SystemName, Gateways = [Gateway], User = user, Secret = secret ?? Secret ?? DefaultSecret };
        configure?.Invoke(options);
        return SystemConnection.ConnectAsync(options);
    }

    /// <summary>Sends SIGTERM and waits for the process to exit; returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (_process is null || _process.HasExited)
        {
            return _process?.ExitCode ?? 0;
        }

        _ = Kill(_process.Id, 15);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: the process gets no chance to write anything more.</summary>
    public async Task KillAsync()
    {
        if (_process is null || _process.HasExited)
        {
            return;
        }

        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
    }

    private async Task WaitHealthyAsync(TimeSpan limit)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < limit)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"The silo exited with code {_process.ExitCode} before it was healthy. Output:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{HealthPort}/health"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The silo was not healthy within {limit}. Output:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputGate)
        {
            _output.AppendLine(line);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
