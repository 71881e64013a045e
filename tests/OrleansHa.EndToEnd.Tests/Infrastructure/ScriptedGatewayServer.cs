using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OrleansHa.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A gateway that speaks the handshake by hand and then does what a test tells it with each request (answer a status
/// request, ignore it, or drop the connection), to check how the client copes with a silo that misbehaves.
/// </summary>
public sealed class ScriptedGatewayServer : IAsyncDisposable
{
    private const byte Welcome = 2;
    private const byte StatusReply = 8;
    private const byte GoAway = 6;

    private readonly TaskCompletionSource _goAwaySent = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<int, RequestAction> _script;
    private readonly List<TcpClient> _clients = [];
    private readonly Task _acceptLoop;
    private int _connections;

    public ScriptedGatewayServer(Func<int, RequestAction> script)
    {
        _script = script;
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    /// <summary>What the server does with a request on the n-th connection (0-based).</summary>
    public enum RequestAction
    {
        Answer,
        Ignore,
        Drop,

        /// <summary>The first request: send GoAway and answer it only after <see cref="ReleaseHeld"/>; later ones at once.</summary>
        GoAwayAndHoldFirst,
    }

    /// <summary>Completes when a GoAway was sent for <see cref="RequestAction.GoAwayAndHoldFirst"/>.</summary>
    public Task GoAwaySent => _goAwaySent.Task;

    /// <summary>Lets the held request be answered.</summary>
    public void ReleaseHeld() => _release.TrySetResult();

    public string Gateway => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public int Connections => Volatile.Read(ref _connections);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await _acceptLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private static byte[] Frame(byte kind, uint requestId, byte[] body)
    {
        var frame = new byte[9 + body.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)(5 + body.Length));
        frame[4] = kind;
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(5), requestId);
        body.CopyTo(frame, 9);
        return frame;
    }

    private static void WriteString(List<byte> body, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        body.AddRange(BitConverter.GetBytes(bytes.Length));
        body.AddRange(bytes);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _clients.Add(client);
            var index = Interlocked.Increment(ref _connections) - 1;
            _ = ServeAsync(client, _script(index));
        }
    }

    private async Task ServeAsync(TcpClient client, RequestAction action)
    {
        var stream = client.GetStream();
        try
        {
            await ReadFrameAsync(stream); // Hello: any credential is welcome here.
            var welcome = new List<byte>();
            welcome.AddRange(BitConverter.GetBytes((ushort)1));
            WriteString(welcome, "SCRIPTED");
            WriteString(welcome, "admin");
            WriteString(welcome, "administrator");
            welcome.AddRange(BitConverter.GetBytes(0));
            await stream.WriteAsync(Frame(Welcome, 0, [.. welcome]), _stop.Token);
            var writeGate = new SemaphoreSlim(1, 1);
            for (var request = 0; ; request++)
            {
                var (requestId, _) = await ReadFrameAsync(stream);
                switch (action)
                {
                    case RequestAction.Drop:
                        client.Dispose();
                        return;
                    case RequestAction.Ignore:
                        continue;
                    case RequestAction.GoAwayAndHoldFirst when request == 0:
                        var reason = new List<byte>();
                        WriteString(reason, "draining");
                        await stream.WriteAsync(Frame(GoAway, 0, [.. reason]), _stop.Token);
                        _goAwaySent.TrySetResult();
                        _ = AnswerAfterReleaseAsync(stream, writeGate, requestId);
                        break;
                    default:
                        await AnswerAsync(stream, writeGate, requestId);
                        break;
                }
            }
        }
        catch (Exception error) when (error is IOException or ObjectDisposedException or OperationCanceledException or EndOfStreamException)
        {
            // The client went away or the test ended.
        }
    }

    private async Task AnswerAfterReleaseAsync(NetworkStream stream, SemaphoreSlim writeGate, uint requestId)
    {
        await _release.Task;
        await AnswerAsync(stream, writeGate, requestId);
    }

    private async Task AnswerAsync(NetworkStream stream, SemaphoreSlim writeGate, uint requestId)
    {
        var reply = new List<byte>();
        WriteString(reply, "SCRIPTED");
        reply.AddRange(BitConverter.GetBytes(DateTimeOffset.UnixEpoch.ToUnixTimeMilliseconds()));
        reply.AddRange(BitConverter.GetBytes(TimeSpan.FromMinutes(1).Ticks));
        reply.AddRange(BitConverter.GetBytes(7L));
        reply.AddRange(BitConverter.GetBytes(1));
        WriteString(reply, "scripted");
        await writeGate.WaitAsync(_stop.Token);
        try
        {
            await stream.WriteAsync(Frame(StatusReply, requestId, [.. reply]), _stop.Token);
        }
        finally
        {
            writeGate.Release();
        }
    }

    private async Task<(uint RequestId, byte[] Body)> ReadFrameAsync(NetworkStream stream)
    {
        var header = new byte[9];
        await stream.ReadExactlyAsync(header, _stop.Token);
        var body = new byte[BinaryPrimitives.ReadUInt32LittleEndian(header) - 5];
        await stream.ReadExactlyAsync(body, _stop.Token);
        return (BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(5)), body);
    }
}
