using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OrleansHa.Storage.Tests.AzureBlob;

/// <summary>
/// A real Azurite blob service on a free loopback port with a temp workspace, started once for the "azurite"
/// test collection and killed after. Azurite must be on PATH (<c>npm install -g azurite</c>); without it the
/// tests fail with that instruction rather than skip.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    // Azurite's well-known development account (public, documented by Microsoft; not a secret).
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly TempDirectory _workspace = new("azurite");
    private readonly StringBuilder _output = new();
    private Process? _process;

    public int Port { get; private set; }

    public string ConnectionString
        => $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;";

    public AzureBlobStorageOptions Options(string container = "grainstate", string reminders = "reminders")
        => new() { ConnectionString = ConnectionString, ContainerName = container, ReminderContainerName = reminders };

    public async Task InitializeAsync()
    {
        var (executable, blobOnly) = FindAzurite();
        Port = FreePort();
        var start = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        // Azurite 3.37 refuses only API versions newer than it knows; WindowsAzure.Storage 9.3.3 sends 2018-03-28,
        // which it accepts. --skipApiVersionCheck keeps the tests working should the client ever be newer.
        foreach (var arg in new[] { "--blobHost", "127.0.0.1", "--blobPort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--location", _workspace.Path, "--silent", "--skipApiVersionCheck", "--disableTelemetry" })
        {
            start.ArgumentList.Add(arg);
        }

        if (!blobOnly)
        {
            // The all-in-one "azurite" also starts queue and table services: keep them off the default ports.
            foreach (var arg in new[] { "--queueHost", "127.0.0.1", "--queuePort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture), "--tableHost", "127.0.0.1", "--tablePort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture) })
            {
                start.ArgumentList.Add(arg);
            }
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
                throw new InvalidOperationException($"Azurite ('{executable}') exited with code {_process.ExitCode} before listening on port {Port}. Output:\n{Output()}");
            }

            if (await AcceptsConnectionsAsync(Port))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Azurite ('{executable}') did not listen on 127.0.0.1:{Port} within 60 seconds. Output:\n{Output()}");
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

    private static (string Path, bool BlobOnly) FindAzurite()
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (var (name, blobOnly) in new[] { ("azurite-blob", true), ("azurite", false) })
        {
            var found = directories.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
            if (found is not null)
            {
                return (found, blobOnly);
            }
        }

        throw new InvalidOperationException(
            "Azurite is not installed (neither 'azurite-blob' nor 'azurite' is on PATH). The Azure Blob storage tests need it: run `npm install -g azurite` (CI's .ci/run does this).");
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
