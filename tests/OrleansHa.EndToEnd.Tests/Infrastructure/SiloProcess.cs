using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace OrleansHa.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A real silo process (<c>dotnet OrleansHa.Silo.dll</c>) over a data folder, with its gateway and health endpoint on
/// free loopback ports. Its console output is kept, so a test can read what it logged (the administrator secret).
/// </summary>
public sealed partial class SiloProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private readonly Lock _outputGate = new();
    private Process? _process;

    public SiloProcess(string dataFolder, string systemName = "E2E", string? secret = DefaultSecret, int? gatewayPort = null, int? healthPort = null)
    {
        DataFolder = dataFolder;
        SystemName = systemName;
        Secret = secret;
        GatewayPort = gatewayPort ?? FreePort();
        HealthPort = healthPort ?? FreePort();
    }

    public const string DefaultSecret = "end-to-end-secret-0123456789";

    public string DataFolder { get; }

    public string SystemName { get; }

    /// <summary>The administrator secret given to a new credentials file; null lets the silo generate one.</summary>
    public string? Secret { get; }

    public int GatewayPort { get; }

    public int HealthPort { get; }

    public string Gateway => $"127.0.0.1:{GatewayPort}";

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
        foreach (var argument in new[] { "--system-name", SystemName, "--data-folder", DataFolder, "--gateway", Gateway, "--health", $"127.0.0.1:{HealthPort}" }.Concat(extraArguments))
        {
            start.ArgumentList.Add(argument);
        }

        if (Secret is not null)
        {
            start.Environment["ORLEANSHA_Silo__InitialAdministratorSecret"] = Secret;
        }

        start.Environment["DOTNET_gcServer"] = "0";
        Directory.CreateDirectory(DataFolder);
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitHealthyAsync(TimeSpan.FromSeconds(90));
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
