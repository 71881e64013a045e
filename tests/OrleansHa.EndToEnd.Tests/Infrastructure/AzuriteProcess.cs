using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace OrleansHa.EndToEnd.Tests.Infrastructure;

/// <summary>Azurite's blob service on a free loopback port with a temp folder, for a silo configured with <c>--storage azureblob</c>.</summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    // Azurite's published development account key: documented by Microsoft, not a secret.
    private const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;

    private AzuriteProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString
        => $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentKey};BlobEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;";

    public static async Task<AzuriteProcess> StartAsync(string folder)
    {
        var port = SiloProcess.FreePort();
        var start = new ProcessStartInfo("azurite-blob") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--blobHost", "127.0.0.1", "--blobPort", port.ToString(CultureInfo.InvariantCulture), "--location", folder, "--silent", "--skipApiVersionCheck", "--disableTelemetry" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start azurite-blob (npm install -g azurite).");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var azurite = new AzuriteProcess(process, port);
        for (var attempt = 0; attempt < 300; attempt++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return azurite;
            }
            catch (SocketException) when (!process.HasExited)
            {
                await Task.Delay(100);
            }
        }

        await azurite.DisposeAsync();
        throw new TimeoutException($"Azurite did not listen on port {port} within 30 seconds.");
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
