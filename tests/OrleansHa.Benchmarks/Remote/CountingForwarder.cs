using System.Net;
using System.Net.Sockets;

namespace OrleansHa.Benchmarks.Remote;

/// <summary>
/// A TCP forwarder on loopback that counts the bytes crossing it each way, put in front of the rsync daemon and in
/// front of our gateway so both sides' wire bytes are counted the same way (TLS records and Orleans framing included
/// for ours, rsync's protocol for rsync). "Up" is client to server, the sender's direction in these push runs.
/// It can run an action once when the up count passes a mark: the interrupted transfers of scenario (d) use it.
/// </summary>
internal sealed class CountingForwarder : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly Lock _gate = new();
    private readonly Task _accepting;
    private long _up;
    private long _down;
    private long _tripAt = long.MaxValue;
    private Action? _trip;

    /// <summary>Listens at once; <paramref name="upstream"/> may be given later (<see cref="Upstream"/>), before the first client connects.</summary>
    public CountingForwarder(IPEndPoint? upstream = null)
    {
        Upstream = upstream;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The server's address, where every accepted connection is forwarded.</summary>
    public IPEndPoint? Upstream { get; set; }

    /// <summary>The address to connect to instead of the upstream one.</summary>
    public IPEndPoint Endpoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>Bytes from clients to the server so far.</summary>
    public long Up => Interlocked.Read(ref _up);

    /// <summary>Bytes from the server to clients so far.</summary>
    public long Down => Interlocked.Read(ref _down);

    /// <summary>Runs <paramref name="action"/> once, on the pumping thread, when <see cref="Up"/> reaches <paramref name="up"/>.</summary>
    public void TripAt(long up, Action action)
    {
        lock (_gate)
        {
            _trip = action;
            Interlocked.Exchange(ref _tripAt, up);
        }
    }

    /// <summary>Drops an action set by <see cref="TripAt"/> that has not run.</summary>
    public void Disarm()
    {
        lock (_gate)
        {
            _trip = null;
            Interlocked.Exchange(ref _tripAt, long.MaxValue);
        }
    }

    /// <summary>Completes when every connection accepted so far has closed on both sides (the server has finished with it).</summary>
    public Task WhenConnectionsClosedAsync()
    {
        lock (_gate)
        {
            return Task.WhenAll(_connections);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception error) when (error is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The listener was stopped under a pending accept: that is how the loop ends.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptSocketAsync(_stop.Token);
            var connection = ForwardAsync(client);
            lock (_gate)
            {
                _connections.Add(connection);
            }
        }
    }

    private async Task ForwardAsync(Socket client)
    {
        using (client)
        {
            using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            client.NoDelay = true;
            await server.ConnectAsync(Upstream ?? throw new InvalidOperationException("The forwarder was given no upstream address."), _stop.Token);
            await Task.WhenAll(
                Task.Run(() => PumpAsync(client, server, up: true)),
                Task.Run(() => PumpAsync(server, client, up: false)));
        }
    }

    /// <summary>
    /// Copies one direction until its source closes. A sink that has gone (a killed client) does not stop the reading:
    /// the rest is drained, so the other side is never left blocked on a full socket and sees its peer close instead.
    /// </summary>
    private async Task PumpAsync(Socket from, Socket to, bool up)
    {
        var buffer = new byte[1 << 16];
        var sinkOpen = true;
        while (true)
        {
            int read;
            try
            {
                read = await from.ReceiveAsync(buffer, SocketFlags.None);
            }
            catch (SocketException)
            {
                read = 0;
            }

            if (read == 0)
            {
                break;
            }

            Count(read, up);
            if (sinkOpen)
            {
                try
                {
                    await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
                }
                catch (SocketException)
                {
                    sinkOpen = false;
                }
            }
        }

        try
        {
            to.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // The sink is already gone.
        }
    }

    private void Count(int read, bool up)
    {
        if (!up)
        {
            Interlocked.Add(ref _down, read);
            return;
        }

        var total = Interlocked.Add(ref _up, read);
        if (total < Interlocked.Read(ref _tripAt))
        {
            return;
        }

        Action? trip;
        lock (_gate)
        {
            trip = _trip;
            _trip = null;
            _tripAt = long.MaxValue;
        }

        trip?.Invoke();
    }
}
