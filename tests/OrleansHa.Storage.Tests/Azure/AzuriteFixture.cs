using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OrleansHa.Storage.Tests.Azure;

/// <summary>
/// A real Azurite (blob and table services) on free loopback ports with a temp workspace, started once for the
/// "azurite" test collection and killed after. Azurite must be on PATH (<c>npm install -g azurite</c>); without it
/// the tests fail with that instruction rather than skip.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    // Azurite's well-known development account (public, documented by Microsoft; not a secret).
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly TempDirectory _workspace = new("azurite");
    private readonly StringBuilder _output = new();
    private Process? _process;

    public int BlobPort { get; private set; }

    public int TablePort { get; private set; }

    public string ConnectionString
        => $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    public async Task InitializeAsync()
    {
        var executable = FindAzurite();
        BlobPort = FreePort();
        TablePort = FreePort();
        var start = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        // --skipApiVersionCheck: the Azure SDK clients Orleans uses may send an API version newer than Azurite knows.
        // The queue service is not used; it is only kept off its default port.
        var queuePort = FreePort();
        foreach (var arg in new[] { "--blobHost", "127.0.0.1", "--tableHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--location", _workspace.Path, "--silent", "--skipApiVersionCheck", "--disableTelemetry", "--loose" })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (option, port) in new[] { ("--blobPort", BlobPort), ("--tablePort", TablePort), ("--queuePort", queuePort) })
        {
            start.ArgumentList.Add(option);
            start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{executable}'.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        // Bounded polling for an async condition: Azurite is ready when it accepts connections.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Azurite ('{executable}') exited with code {_process.ExitCode} before listening on ports {BlobPort} and {TablePort}. Output:\n{Output()}");
            }

            if (await AcceptsConnectionsAsync(BlobPort) && await AcceptsConnectionsAsync(TablePort))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Azurite ('{executable}') did not listen on 127.0.0.1:{BlobPort} and :{TablePort} within 60 seconds. Output:\n{Output()}");
            }

            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _workspace.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    private static string FindAzurite()
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return directories.Select(d => Path.Combine(d, "azurite")).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                "Azurite is not installed ('azurite' is not on PATH). The Azure provider tests need its blob and table services: run `npm install -g azurite` (CI's .ci/run does this).");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> AcceptsConnectionsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
