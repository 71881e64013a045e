using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using OrleansHa.Runtime.Gateway.Wire;

namespace OrleansHa.Benchmarks.Gateway;

/// <summary>
/// The baseline: the same framing and pipelined connection the gateway uses, with an echo on the other side instead
/// of authentication, serialization and grain dispatch. Ours ÷ this is what the call layer costs.
/// </summary>
internal sealed class FrameEchoBaseline : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly ConcurrentDictionary<uint, TaskCompletionSource<int>> _pending = new();
    private FrameConnection? _server;
    private FrameConnection? _client;
    private Task? _serverLoop;
    private Task? _clientLoop;
    private int _nextId;

    public async Task StartAsync()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(1);
        var clientSocket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var accept = _listener.AcceptAsync();
        await clientSocket.ConnectAsync((IPEndPoint)_listener.LocalEndPoint!);
        var serverSocket = await accept;
        serverSocket.NoDelay = true;
        _server = new FrameConnection(new NetworkStream(serverSocket, ownsSocket: true), 64 * 1024 * 1024);
        _client = new FrameConnection(new NetworkStream(clientSocket, ownsSocket: true), 64 * 1024 * 1024);
        _serverLoop = _server.RunReadLoopAsync((kind, id, body) =>
        {
            // Echo the size only, like a call returning the payload's length.
            var reply = new FrameBuffer(FrameKind.Response, id);
            reply.WriteUInt32((uint)body.Length);
            _server.TrySend(reply);
        });
        _clientLoop = _client.RunReadLoopAsync((kind, id, body) =>
        {
            if (_pending.TryRemove(id, out var call))
            {
                var reader = new FrameBodyReader(body);
                call.TrySetResult((int)reader.ReadUInt32());
            }
        });
    }

    /// <summary>Sends <paramref name="payload"/> in one frame and waits for the echoed size.</summary>
    public Task<int> CallAsync(ReadOnlySpan<byte> payload)
    {
        var id = (uint)Interlocked.Increment(ref _nextId);
        var call = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = call;
        var frame = new FrameBuffer(FrameKind.Request, id, payload.Length + 32);
        frame.WriteBytes(payload);
        _client!.TrySend(frame);
        return call.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        await Task.WhenAll(new[] { _serverLoop, _clientLoop }.Where(t => t is not null)!).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
