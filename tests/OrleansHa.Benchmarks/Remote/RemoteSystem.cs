using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansHa.Benchmarks.Gateway;
using OrleansHa.Connections;
using OrleansHa.Grains.Destinations;
using OrleansHa.Sync;

namespace OrleansHa.Benchmarks.Remote;

/// <summary>
/// Our side: a second system, BACKUP (a silo as it ships, in this process: TLS gateway, session token, call guard), and
/// a connection to its gateway through a counting forwarder. Each run is the sync engine as a sync worker runs it,
/// writing through <see cref="RemoteSyncTarget"/> to a replica receiver on BACKUP whose folder is under
/// <see cref="DestinationRoot"/>.
/// </summary>
internal sealed class RemoteSystem : IAsyncDisposable
{
    private readonly SecuredSilo _silo;
    private readonly SystemConnection _connection;
    private readonly string _root;

    private RemoteSystem(SecuredSilo silo, CountingForwarder forwarder, SystemConnection connection, string root)
    {
        _silo = silo;
        Forwarder = forwarder;
        _connection = connection;
        _root = root;
        DestinationRoot = Path.Combine(root, "dest");
    }

    /// <summary>The forwarder in front of BACKUP's gateway; its counts are our wire bytes.</summary>
    public CountingForwarder Forwarder { get; }

    /// <summary>The folder the receivers write under (the receiving user's one root).</summary>
    public string DestinationRoot { get; }

    public static async Task<RemoteSystem> StartAsync(string root, CancellationToken cancellationToken)
    {
        // The forwarder first, so the silo can know itself by the forwarder's port: a client names the gateway it
        // dialled in its calls to system targets, and the silo must see that address as its own.
        var forwarder = new CountingForwarder();
        var silo = await SecuredSilo.StartAsync(Path.Combine(root, "backup-system"), "BACKUP", cancellationToken, advertisedGatewayPort: forwarder.Endpoint.Port);
        var gateway = silo.Gateway.Split(':');
        forwarder.Upstream = new IPEndPoint(IPAddress.Parse(gateway[0]), int.Parse(gateway[1], CultureInfo.InvariantCulture));
        var connection = await SystemConnection.ConnectAsync(
            new SystemConnectionOptions
            {
                SystemName = silo.SystemName,
                Gateways = [$"127.0.0.1:{forwarder.Endpoint.Port}"],
                Secret = SecuredSilo.Secret,
                UseTls = true,
                TrustedCertificateFile = silo.TrustedCertificate,
            },
            cancellationToken: cancellationToken);
        return new RemoteSystem(silo, forwarder, connection, root);
    }

    /// <summary>
    /// Syncs <paramref name="source"/> to <paramref name="target"/> on BACKUP (its manifest kept per target, so a second
    /// run is a re-sync). With <paramref name="cancelAtUp"/>, the run is cancelled once that many bytes more have gone up
    /// through the forwarder, and the report is null.
    /// </summary>
    public async Task<OursRun> SyncAsync(string source, string target, long? cancelAtUp, CancellationToken cancellationToken)
    {
        var receiver = await ChunkReceivers.OpenReceiverAsync(_connection.Client, DestinationRoot, target);
        var engine = new SyncEngine(NullLogger<SyncEngine>.Instance, TimeProvider.System);
        var request = new SyncRequest(
            new FileSetSpec(source, [], [], new SyncOptions(Durable: false)),
            new RemoteSyncTarget(receiver),
            new AccessScope([source]),
            Path.Combine(_root, "manifests", target + ".bin"));
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var (up, down) = (Forwarder.Up, Forwarder.Down);
        if (cancelAtUp is { } mark)
        {
            Forwarder.TripAt(up + mark, interrupt.Cancel);
        }

        var watch = Stopwatch.StartNew();
        SyncReport? report;
        try
        {
            report = await engine.RunAsync(request, null, interrupt.Token);
        }
        catch (OperationCanceledException) when (cancelAtUp is not null && !cancellationToken.IsCancellationRequested)
        {
            report = null;
        }

        var seconds = watch.Elapsed.TotalSeconds;
        Forwarder.Disarm();
        if (cancelAtUp is not null && !interrupt.IsCancellationRequested)
        {
            throw new InvalidOperationException($"Our run to {target} ended before {cancelAtUp} bytes had gone up: nothing was interrupted.");
        }

        if (report is { Failures.Count: > 0 } && cancelAtUp is null)
        {
            throw new InvalidOperationException($"Our run to {target} failed on {report.Failures[0].Path}: {report.Failures[0].Reason}");
        }

        return new OursRun(seconds, Forwarder.Up - up, Forwarder.Down - down, cancelAtUp is null ? report : null);
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        await Forwarder.DisposeAsync();
        await _silo.DisposeAsync();
    }
}
