using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Microsoft.Extensions.Logging;
using OrleansHa.Runtime.Gateway.Calls;
using OrleansHa.Runtime.Invocation;
using OrleansHa.Runtime.Serialization;

namespace OrleansHa.Runtime.Gateway.Server;

/// <summary>
/// The silo's gateway: accepts client connections, authenticates them, and passes their grain calls to the
/// silo's <see cref="IGrainCallInvoker"/> with the caller's principal in RequestContext.
/// </summary>
/// <remarks>
/// Stop order (<see cref="StopAsync"/>): stop accepting; tell every connection GoAway and answer new requests
/// "unavailable"; wait for calls already running to finish (bounded by the caller's token); then close the
/// connections. The host deactivates grains after this, so a call that was acknowledged has run to its end.
/// </remarks>
public sealed partial class GatewayServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<GatewayServerConnection, byte> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Socket? _listener;
    private Task? _acceptLoop;
    private int _inFlight;

    /// <summary>Creates a gateway; nothing listens until <see cref="StartAsync"/>.</summary>
    public GatewayServer(
        GatewayServerOptions options,
        IGrainCallInvoker invoker,
        GrainTypeTable grainTypes,
        IGatewayAuthenticator authenticator,
        IGrainReferenceCodec references,
        ILogger<GatewayServer> logger,
        TimeProvider? timeProvider = null)
    {
        Options = options;
        Invoker = invoker;
        GrainTypes = grainTypes;
        Authenticator = authenticator;
        Logger = logger;
        Time = timeProvider ?? TimeProvider.System;
        Codec = new GatewayCallCodec(new BinarySerializer(references));
        StartedAt = Time.GetUtcNow();
    }

    /// <summary>The address actually listened on (the real port when 0 was asked for); null before start.</summary>
    public IPEndPoint? LocalEndpoint => _listener?.LocalEndPoint as IPEndPoint;

    /// <summary>Authenticated connections open now.</summary>
    public int ConnectionCount => _connections.Keys.Count(c => c.IsAuthenticated);

    internal GatewayServerOptions Options { get; }

    internal IGrainCallInvoker Invoker { get; }

    internal GrainTypeTable GrainTypes { get; }

    internal IGatewayAuthenticator Authenticator { get; }

    internal ILogger Logger { get; }

    internal TimeProvider Time { get; }

    internal GatewayCallCodec Codec { get; }

    internal MethodCatalog Methods { get; } = new();

    internal DateTimeOffset StartedAt { get; }

    internal bool IsStopping => _stopping.IsCancellationRequested;

    /// <summary>Binds the listening socket and starts accepting connections.</summary>
    /// <exception cref="SocketException">The address is in use or cannot be bound.</exception>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var listener = new Socket(Options.Endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(Options.Endpoint);
            listener.Listen(512);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        _listener = listener;
        LogListening(Logger, LocalEndpoint!.ToString(), Options.Certificate is null ? "plain TCP" : "TLS", Options.SystemName);
        _acceptLoop = AcceptLoopAsync(listener);
        return Task.CompletedTask;
    }

    /// <summary>Stops accepting, lets running calls finish (until <paramref name="cancellationToken"/> fires), then closes every connection.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _stopping.Cancel();
        _listener?.Dispose();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        foreach (var connection in _connections.Keys)
        {
            connection.SendGoAway("the silo is shutting down");
        }

        var running = Volatile.Read(ref _inFlight);
        LogDraining(Logger, running, _connections.Count);
        if (running > 0)
        {
            await _drained.Task.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        var remaining = Volatile.Read(ref _inFlight);
        if (remaining > 0)
        {
            LogDrainIncomplete(Logger, remaining);
        }

        await Task.WhenAll(_connections.Keys.Select(c => c.CloseAsync()));
        LogStopped(Logger);
    }

    /// <summary>The silo's status, as the status call reports it.</summary>
    public GatewaySystemStatus GetStatus()
    {
        var now = Time.GetUtcNow();
        var version = typeof(GatewayServer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";
        return new GatewaySystemStatus(Options.SystemName, StartedAt, now - StartedAt, Options.ActivationCount?.Invoke() ?? -1, ConnectionCount, version);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        using var immediately = new CancellationTokenSource();
        await immediately.CancelAsync();
        await StopAsync(immediately.Token);
        _stopping.Dispose();
    }

    internal void CallStarted() => Interlocked.Increment(ref _inFlight);

    internal void CallFinished()
    {
        if (Interlocked.Decrement(ref _inFlight) == 0 && _stopping.IsCancellationRequested)
        {
            _drained.TrySetResult();
        }
    }

    internal void Remove(GatewayServerConnection connection) => _connections.TryRemove(connection, out _);

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(_stopping.Token);
            }
            catch (Exception error) when (error is OperationCanceledException or ObjectDisposedException or SocketException && _stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException error)
            {
                LogAcceptFailed(Logger, error.SocketErrorCode.ToString());
                continue;
            }

            socket.NoDelay = true;
            var connection = new GatewayServerConnection(this, socket);
            _connections.TryAdd(connection, 0);
            _ = connection.RunAsync();
        }
    }

    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Gateway of system {SystemName} listening on {Endpoint} ({Transport})")]
    private static partial void LogListening(ILogger logger, string endpoint, string transport, string systemName);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Gateway stopping: {Running} call(s) still running on {Connections} connection(s); waiting for them")]
    private static partial void LogDraining(ILogger logger, int running, int connections);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Gateway stop timed out with {Remaining} call(s) still running; closing their connections")]
    private static partial void LogDrainIncomplete(ILogger logger, int remaining);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Gateway stopped")]
    private static partial void LogStopped(ILogger logger);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Gateway could not accept a connection: {Error}")]
    private static partial void LogAcceptFailed(ILogger logger, string error);
}
