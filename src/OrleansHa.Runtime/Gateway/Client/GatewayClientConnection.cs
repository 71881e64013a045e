using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Security;
using System.Net.Sockets;
using System.Reflection;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Orleans.Runtime;
using OrleansHa.Runtime.Gateway.Calls;
using OrleansHa.Runtime.Gateway.Wire;
using OrleansHa.Runtime.Invocation;

namespace OrleansHa.Runtime.Gateway.Client;

/// <summary>
/// One authenticated connection to a gateway. Many calls share it: each request gets a number, responses are
/// matched by it in whatever order they come. When it closes, every call still waiting fails at once with
/// <see cref="SiloUnavailableException"/>; a timer fails calls whose response is late.
/// </summary>
internal sealed class GatewayClientConnection : IAsyncDisposable
{
    private readonly FrameConnection _connection;
    private readonly GatewayClientOptions _options;
    private readonly GatewayCallCodec _codec;
    private readonly ConcurrentDictionary<uint, PendingCall> _pending = new();
    private readonly ConcurrentDictionary<MethodInfo, GatewayMethod> _methods = new();
    private readonly ITimer _sweeper;
    private readonly Task _readLoop;
    private int _nextRequest;
    private int _nextMethod;
    private volatile string? _goAway;

    private GatewayClientConnection(FrameConnection connection, GatewayClientOptions options, GatewayCallCodec codec, string systemName, GatewayPrincipal principal, List<GrainInterfaceMapping> mappings)
    {
        _connection = connection;
        _options = options;
        _codec = codec;
        SystemName = systemName;
        Principal = principal;
        GrainTypes = new GrainTypeTable(mappings);
        var period = TimeSpan.FromMilliseconds(Math.Clamp(options.ResponseTimeout.TotalMilliseconds / 10, 50, 1000));
        _sweeper = options.TimeProvider.CreateTimer(_ => FailLateCalls(), null, period, period);
        _readLoop = RunAsync();
    }

    public string SystemName { get; }

    public GatewayPrincipal Principal { get; }

    public GrainTypeTable GrainTypes { get; }

    /// <summary>False once the connection closed or the silo said GoAway: new calls need a new connection.</summary>
    public bool IsUsable => _goAway is null && !IsClosed;

    /// <summary>True once the connection closed; a connection told GoAway stays open until the silo has answered its calls.</summary>
    public bool IsClosed => _connection.Closed.IsCancellationRequested;

    public static async Task<GatewayClientConnection> ConnectAsync(GatewayClientOptions options, GatewayCallCodec codec, CancellationToken cancellationToken)
    {
        var (host, port) = ParseGateway(options.Gateway);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        FrameConnection? connection = null;
        try
        {
            try
            {
                await socket.ConnectAsync(host, port, timeout.Token);
            }
            catch (Exception error) when (error is SocketException || (error is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                throw new SiloUnavailableException($"No silo is reachable at gateway {options.Gateway}: {(error is SocketException socketError ? socketError.SocketErrorCode.ToString() : "timed out")}. Is the silo running, and is this its gateway address?", error);
            }

            Stream stream = new NetworkStream(socket, ownsSocket: true);
            if (options.UseTls)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = tls;
                await tls.AuthenticateAsClientAsync(TlsOptions(options, host), timeout.Token);
            }

            connection = new FrameConnection(stream, options.MaxFrameSize);
            connection.TrySend(Handshake.EncodeHello(options.User ?? string.Empty, options.Secret ?? string.Empty));
            var (kind, _, body) = await connection.ReadOneAsync(timeout.Token);
            var (systemName, principal, mappings) = Handshake.ReadWelcome(kind, body, options.Gateway);
            return new GatewayClientConnection(connection, options, codec, systemName, principal, mappings);
        }
        catch (Exception error)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
            else
            {
                socket.Dispose();
            }

            var mapped = error switch
            {
                IOException or AuthenticationException => new SiloUnavailableException(
                    $"The gateway at {options.Gateway} closed the connection during the handshake ({error.Message}). Does it {(options.UseTls ? "speak TLS, and is its certificate trusted" : "expect TLS")}?", error),
                OperationCanceledException when !cancellationToken.IsCancellationRequested => new SiloUnavailableException(
                    $"The gateway at {options.Gateway} did not complete the handshake within {options.ConnectTimeout}."),
                _ => null,
            };
            if (mapped is null)
            {
                throw;
            }

            throw mapped;
        }
    }

    public Task<object?> InvokeAsync(GrainId target, MethodInfo interfaceMethod, object?[] arguments)
    {
        var method = _methods.GetOrAdd(interfaceMethod, static (m, self) => new GatewayMethod(m) { Number = (uint)Interlocked.Increment(ref self._nextMethod) }, this);
        var timeout = method.ResponseTimeout ?? _options.ResponseTimeout;
        var requestId = (uint)Interlocked.Increment(ref _nextRequest);
        var call = new PendingCall($"{method.DisplayName} on {target}", method.ResultType, isStatus: false, Deadline(timeout));
        var includeIdentity = !method.Defined;
        try
        {
            var frame = _codec.EncodeRequest(requestId, method, includeIdentity, target, arguments);
            Send(requestId, call, frame);
        }
        catch (Exception error)
        {
            // An argument the wire cannot carry, or a closed connection: the caller sees a failed task, as for any failure.
            return Task.FromException<object?>(error);
        }

        if (includeIdentity)
        {
            method.Defined = true;
        }

        return call.Task;
    }

    public async Task<GatewaySystemStatus> GetStatusAsync()
    {
        var requestId = (uint)Interlocked.Increment(ref _nextRequest);
        var call = new PendingCall("status", null, isStatus: true, Deadline(_options.ResponseTimeout));
        Send(requestId, call, new FrameBuffer(FrameKind.Status, requestId));
        return (GatewaySystemStatus)(await call.Task)!;
    }

    public async ValueTask DisposeAsync()
    {
        await _sweeper.DisposeAsync();
        await _connection.DisposeAsync();
        await _readLoop;
    }

    private static SslClientAuthenticationOptions TlsOptions(GatewayClientOptions options, string host)
    {
        var tls = new SslClientAuthenticationOptions { TargetHost = options.TlsTargetHost ?? host };
        if (options.TlsTrustedCertificateFile is { } file)
        {
            var trusted = file.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".p12", StringComparison.OrdinalIgnoreCase)
                ? X509CertificateLoader.LoadPkcs12FromFile(file, null)
                : X509CertificateLoader.LoadCertificateFromFile(file);
            // Pinning: exactly this certificate is accepted, whatever the chain or name says.
            tls.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                errors == SslPolicyErrors.None || (certificate is not null && certificate.GetCertHashString() == trusted.GetCertHashString());
        }

        return tls;
    }

    private static (string Host, int Port) ParseGateway(string gateway)
    {
        var colon = gateway.LastIndexOf(':');
        if (colon > 0 && int.TryParse(gateway.AsSpan(colon + 1), out var port) && port is > 0 and <= 65535)
        {
            var host = gateway[..colon].Trim('[', ']');
            return (host, port);
        }

        throw new ArgumentException($"Gateway address '{gateway}' is not host:port with a port from 1 to 65535 (e.g. 127.0.0.1:30000).", nameof(gateway));
    }

    private long Deadline(TimeSpan timeout)
        => _options.TimeProvider.GetTimestamp() + (long)(timeout.TotalSeconds * _options.TimeProvider.TimestampFrequency);

    private void Send(uint requestId, PendingCall call, FrameBuffer frame)
    {
        _pending[requestId] = call;
        if (!IsUsable || !_connection.TrySend(frame))
        {
            if (!IsUsable)
            {
                frame.Dispose();
            }

            _pending.TryRemove(requestId, out _);
            throw Lost(call.CallName, inFlight: false);
        }

        // Closed between the check and the queueing: the read loop may already have failed the others.
        if (!_connection.Closed.IsCancellationRequested || !_pending.TryRemove(requestId, out _))
        {
            return;
        }

        throw Lost(call.CallName, inFlight: false);
    }

    private async Task RunAsync()
    {
        await _connection.RunReadLoopAsync(OnFrame);
        _sweeper.Dispose();
        var reason = _connection.Fault?.Message;
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var call))
            {
                call.TrySetException(Lost(call.CallName, inFlight: true, reason));
            }
        }
    }

    private void OnFrame(FrameKind kind, uint requestId, ReadOnlySequence<byte> body)
    {
        switch (kind)
        {
            case FrameKind.Response or FrameKind.StatusReply:
                if (!_pending.TryRemove(requestId, out var call))
                {
                    return; // Timed out already; the late answer is dropped.
                }

                try
                {
                    if (call.IsStatus)
                    {
                        call.TrySetResult(Handshake.ReadStatusReply(body));
                        return;
                    }

                    var (result, error) = _codec.ReadResponse(body, call.ResultType, call.CallName, _options.Gateway);
                    if (error is null)
                    {
                        call.TrySetResult(result);
                    }
                    else
                    {
                        call.TrySetException(error);
                    }
                }
                catch (Exception error)
                {
                    call.TrySetException(new GatewayProtocolException($"The response to {call.CallName} could not be read: {error.Message}", error));
                }

                break;
            case FrameKind.GoAway:
                _goAway = new FrameBodyReader(body).ReadString() ?? "the silo is going away";
                break;
            default:
                throw new GatewayProtocolException($"The silo sent a {kind} frame; expected Response, StatusReply or GoAway.");
        }
    }

    private void FailLateCalls()
    {
        var now = _options.TimeProvider.GetTimestamp();
        foreach (var (id, call) in _pending)
        {
            if (call.Deadline <= now && _pending.TryRemove(id, out _))
            {
                call.TrySetException(new TimeoutException($"No response to {call.CallName} from the gateway at {_options.Gateway} within the response timeout; the call may still have run."));
            }
        }
    }

    private SiloUnavailableException Lost(string callName, bool inFlight, string? reason = null)
        => new(inFlight
            ? $"The connection to the gateway at {_options.Gateway} was lost while {callName} was in flight{(reason is null ? string.Empty : $" ({reason})")}; the call may or may not have run. The next call reconnects."
            : $"The connection to the gateway at {_options.Gateway} is closed{(_goAway is null ? string.Empty : $" ({_goAway})")}; {callName} was not sent. The next call reconnects.");
}
