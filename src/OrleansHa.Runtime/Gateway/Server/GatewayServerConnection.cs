using System.Buffers;
using System.Net.Security;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using OrleansHa.Runtime.Gateway.Calls;
using OrleansHa.Runtime.Gateway.Wire;

namespace OrleansHa.Runtime.Gateway.Server;

/// <summary>
/// One client connection on the silo side: TLS (when configured), the handshake, then a read loop that decodes
/// requests and starts each call at once, so calls on one connection run concurrently and answer in any order.
/// </summary>
internal sealed partial class GatewayServerConnection(GatewayServer server, Socket socket)
{
    private readonly string _remote = socket.RemoteEndPoint?.ToString() ?? "unknown";

    // Method numbers are chosen by the client; only the read loop touches this map.
    private readonly Dictionary<uint, GatewayMethod> _methods = [];
    private FrameConnection? _connection;
    private GatewayPrincipal? _principal;
    private volatile bool _goingAway;

    public bool IsAuthenticated => _principal is not null;

    public async Task RunAsync()
    {
        try
        {
            var connection = await OpenAsync();
            if (connection is null)
            {
                return;
            }

            await connection.RunReadLoopAsync(OnFrame);
            if (connection.Fault is { } fault && !server.IsStopping)
            {
                LogConnectionFailed(server.Logger, _remote, _principal?.Name ?? "-", fault.Message);
            }
            else
            {
                LogDisconnected(server.Logger, _remote, _principal?.Name ?? "-");
            }
        }
        catch (Exception error)
        {
            LogConnectionFailed(server.Logger, _remote, _principal?.Name ?? "-", error.Message);
        }
        finally
        {
            server.Remove(this);
            if (_connection is not null)
            {
                await _connection.DisposeAsync();
            }
            else
            {
                socket.Dispose();
            }
        }
    }

    public void SendGoAway(string reason)
    {
        _goingAway = true;
        _connection?.TrySend(Handshake.EncodeReason(FrameKind.GoAway, reason));
    }

    public Task CloseAsync() => _connection?.DrainAndCloseAsync(TimeSpan.FromSeconds(2)) ?? Task.CompletedTask;

    /// <summary>TLS and the handshake, within the handshake timeout; null when the client was refused.</summary>
    private async Task<FrameConnection?> OpenAsync()
    {
        using var timeout = new CancellationTokenSource(server.Options.HandshakeTimeout);
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        if (server.Options.Certificate is { } certificate)
        {
            var tls = new SslStream(stream, leaveInnerStreamOpen: false);
            stream = tls;
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate, ClientCertificateRequired = false }, timeout.Token);
        }

        _connection = new FrameConnection(stream, Handshake.UnauthenticatedMaxFrameSize);
        var (kind, _, body) = await _connection.ReadOneAsync(timeout.Token);
        var (version, user, secret) = Handshake.ReadHello(kind, body);
        if (version != Handshake.ProtocolVersion)
        {
            return await RefuseAsync($"gateway protocol {version} is not supported; this silo speaks {Handshake.ProtocolVersion}", user);
        }

        if (user.Length == 0 || secret.Length == 0)
        {
            return await RefuseAsync("no credential was given: a user name and a secret are required", user);
        }

        var principal = await server.Authenticator.AuthenticateAsync(user, secret, timeout.Token);
        if (principal is null)
        {
            return await RefuseAsync($"the credential for user '{user}' is not valid", user);
        }

        if (server.IsStopping)
        {
            return await RefuseAsync("the silo is shutting down", user);
        }

        _principal = principal;
        _connection.TrySend(Handshake.EncodeWelcome(server.Options.SystemName, principal, server.GrainTypes.Mappings));
        _connection.MaxFrameSize = server.Options.MaxFrameSize;
        LogAuthenticated(server.Logger, _remote, principal.Name, principal.Role);
        return _connection;
    }

    private async Task<FrameConnection?> RefuseAsync(string reason, string user)
    {
        LogRefused(server.Logger, _remote, user, reason);
        _connection!.TrySend(Handshake.EncodeReason(FrameKind.Refused, reason));
        await _connection.DrainAndCloseAsync(TimeSpan.FromSeconds(2));
        return null;
    }

    private void OnFrame(FrameKind kind, uint requestId, ReadOnlySequence<byte> body)
    {
        switch (kind)
        {
            case FrameKind.Request:
                OnRequest(requestId, body);
                break;
            case FrameKind.Status:
                _connection!.TrySend(Handshake.EncodeStatusReply(requestId, server.GetStatus()));
                break;
            default:
                throw new GatewayProtocolException($"A client sent a {kind} frame after the handshake; allowed are Request and Status.");
        }
    }

    private void OnRequest(uint requestId, ReadOnlySequence<byte> body)
    {
        GatewayRequest request;
        try
        {
            var reader = new FrameBodyReader(body);
            var method = ResolveMethod(ref reader);
            request = server.Codec.ReadRequest(ref reader, method);
        }
        catch (GatewayProtocolException error)
        {
            _connection!.TrySend(GatewayCallCodec.EncodeFailure(requestId, ResponseStatus.ProtocolError, error.Message));
            return;
        }
        catch (Exception error)
        {
            // An argument that does not deserialize: the call fails, the connection stays.
            _connection!.TrySend(GatewayCallCodec.EncodeFailure(requestId, ResponseStatus.ProtocolError, $"The silo could not read the call's arguments: {error.Message}"));
            return;
        }

        if (_goingAway)
        {
            _connection!.TrySend(GatewayCallCodec.EncodeFailure(requestId, ResponseStatus.Unavailable, "the silo is shutting down"));
            return;
        }

        server.CallStarted();
        _ = DispatchAsync(requestId, request);
    }

    private GatewayMethod ResolveMethod(ref FrameBodyReader reader)
    {
        var (number, identity) = GatewayCallCodec.ReadMethod(ref reader);
        if (identity is null)
        {
            return _methods.TryGetValue(number, out var known)
                ? known
                : throw new GatewayProtocolException($"Method number {number} was used before the client defined it on this connection.");
        }

        if (!server.Methods.TryGet(identity, out var method))
        {
            var similar = server.Methods.SimilarTo(identity).ToList();
            throw new GatewayProtocolException(similar.Count == 0
                ? $"The silo has no grain method {identity}: the interface is unknown here, or the client and the silo were built from different grain interfaces."
                : $"The silo has no grain method {identity}; it has {string.Join(", ", similar)}. The client and the silo were built from different versions of the interface.");
        }

        _methods[number] = method;
        return method;
    }

    private async Task DispatchAsync(uint requestId, GatewayRequest request)
    {
        try
        {
            FrameBuffer response;
            try
            {
                // This async method has its own copy of the execution context: these values reach the grain's
                // turn and vanish when the call ends. The principal always comes from the handshake, never the client.
                RequestContext.Clear();
                foreach (var (key, value) in request.Context)
                {
                    RequestContext.Set(key, value);
                }

                RequestContext.Set(GatewayPrincipal.PrincipalKey, _principal!.Name);
                RequestContext.Set(GatewayPrincipal.RoleKey, _principal.Role);
                var result = await server.Invoker.InvokeAsync(request.Target, request.Method.Method, request.Arguments);
                response = server.Codec.EncodeResult(requestId, request.Method.ResultType, result);
            }
            catch (Exception error)
            {
                response = server.Codec.EncodeException(requestId, error);
            }

            _connection!.TrySend(response);
        }
        catch (Exception error)
        {
            // The result itself cannot be serialized: tell the caller rather than leave it waiting.
            _connection!.TrySend(GatewayCallCodec.EncodeFailure(requestId, ResponseStatus.ProtocolError, $"The silo could not send the result of {request.Method.DisplayName}: {error.Message}"));
        }
        finally
        {
            server.CallFinished();
        }
    }

    [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "Gateway connection from {Remote} authenticated as {Principal} ({Role})")]
    private static partial void LogAuthenticated(ILogger logger, string remote, string principal, string role);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Warning, Message = "Gateway refused a connection from {Remote} (user '{User}'): {Reason}")]
    private static partial void LogRefused(ILogger logger, string remote, string user, string reason);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Information, Message = "Gateway connection from {Remote} ({Principal}) closed")]
    private static partial void LogDisconnected(ILogger logger, string remote, string principal);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Warning, Message = "Gateway connection from {Remote} ({Principal}) failed: {Error}")]
    private static partial void LogConnectionFailed(ILogger logger, string remote, string principal, string error);
}
