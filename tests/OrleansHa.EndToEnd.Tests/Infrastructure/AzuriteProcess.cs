using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace OrleansHa.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Azurite's blob, queue and table services on free loopback ports with a temp folder, for a silo configured with
/// <c>--storage azureblob</c> (grain state in blobs, reminders in a table).
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    // Azurite's published development account key: documented by Microsoft, not a secret.
    private const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;

    private AzuriteProcess(Process process, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    public string ConnectionString
        => $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentKey};BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    /// <summary>
    /// Starts Azurite on three free ports. A port found free can be taken by another process before Azurite binds it
    /// (tests and silos on this machine pick free ports all the time); Azurite then exits, and is started again on
    /// other ports, up to three times.
    /// </summary>
    public static async Task<AzuriteProcess> StartAsync(string folder)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (azurite, output) = await TryStartAsync(folder);
            if (azurite is not null)
            {
                return azurite;
            }

            if (attempt == 3)
            {
                throw new InvalidOperationException($"Azurite exited before it listened, three times. Its last output:\n{output}");
            }
        }
    }

    private static async Task<(AzuriteProcess? Azurite, string Output)> TryStartAsync(string folder)
    {
        int[] ports = [SiloProcess.FreePort(), SiloProcess.FreePort(), SiloProcess.FreePort()];
        var start = new ProcessStartInfo("azurite") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        string[] arguments =
        [
            "--blobHost", "127.0.0.1", "--blobPort", ports[0].ToString(CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", ports[1].ToString(CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", ports[2].ToString(CultureInfo.InvariantCulture),
            "--location", folder, "--silent", "--skipApiVersionCheck", "--disableTelemetry",
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => output.Enqueue(e.Data ?? string.Empty);
        process.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? string.Empty);
        if (!process.Start())
        {
            throw new InvalidOperationException("Could not start azurite (npm install -g azurite).");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var azurite = new AzuriteProcess(process, ports[0], ports[1], ports[2]);
        var listening = 0;
        for (var attempt = 0; attempt < 300 && listening < ports.Length && !process.HasExited; attempt++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", ports[listening]);
                listening++;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        if (listening == ports.Length)
        {
            return (azurite, string.Empty);
        }

        var exited = process.HasExited;
        await azurite.DisposeAsync();
        return exited
            ? (null, string.Join('\n', output))
            : throw new TimeoutException($"Azurite did not listen on ports {string.Join(", ", ports)} within 30 seconds.");
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
