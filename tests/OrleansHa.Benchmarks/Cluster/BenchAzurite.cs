using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using OrleansHa.Benchmarks.Gateway;

namespace OrleansHa.Benchmarks.Cluster;

/// <summary>
/// Azurite (npm's <c>azurite</c>) with its blob, queue and table services on free loopback ports over a folder: the
/// membership table, grain state and reminders of the cluster suite's systems.
/// </summary>
internal sealed class BenchAzurite : IAsyncDisposable
{
    // Azurite's published development account key: documented by Microsoft, not a secret.
    private const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;
    private readonly int[] _ports;

    private BenchAzurite(Process process, int[] ports)
    {
        _process = process;
        _ports = ports;
    }

    public string ConnectionString
        => $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentKey};BlobEndpoint=http://127.0.0.1:{_ports[0]}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{_ports[1]}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{_ports[2]}/devstoreaccount1;";

    /// <summary>Starts Azurite over <paramref name="folder"/> and returns once all three services accept connections.</summary>
    public static async Task<BenchAzurite> StartAsync(string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        int[] ports = [SecuredSilo.FreePort(), SecuredSilo.FreePort(), SecuredSilo.FreePort()];
        var start = new ProcessStartInfo("azurite") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            "--blobHost", "127.0.0.1", "--blobPort", ports[0].ToString(CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", ports[1].ToString(CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", ports[2].ToString(CultureInfo.InvariantCulture),
            "--location", folder, "--silent", "--skipApiVersionCheck", "--disableTelemetry",
        })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("azurite did not start.");
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            throw new InvalidOperationException("The cluster suite needs Azurite on the PATH: npm install -g azurite.", error);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var azurite = new BenchAzurite(process, ports);
        var watch = Stopwatch.StartNew();
        var listening = 0;
        while (listening < ports.Length)
        {
            if (process.HasExited || watch.Elapsed > TimeSpan.FromSeconds(60))
            {
                await azurite.DisposeAsync();
                throw new TimeoutException($"Azurite did not listen on ports {string.Join(", ", ports)} within 60 s (exited: {process.HasExited}).");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", ports[listening], cancellationToken);
                listening++;
            }
            catch (SocketException)
            {
                // Not listening yet: poll again shortly.
                await Task.Delay(100, cancellationToken);
            }
        }

        return azurite;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
