using System.Buffers;
using System.IO.Pipelines;
using System.Threading.Channels;

namespace OrleansHa.Runtime.Gateway.Wire;

/// <summary>Handles one incoming frame; the body is valid only during the call (copy what must outlive it).</summary>
internal delegate void FrameHandler(FrameKind kind, uint requestId, ReadOnlySequence<byte> body);

/// <summary>
/// One framed, full-duplex connection over a stream (a socket or TLS over it), used by both ends.
/// Writers hand in finished frames from any thread; one write loop copies whatever has queued up into the
/// pipe and flushes once per batch, so concurrent callers share system calls (pipelining). One read loop
/// cuts the incoming bytes into frames.
/// </summary>
internal sealed class FrameConnection : IAsyncDisposable
{
    // Flush inside a batch once this much is buffered, so a burst of large frames does not pile up in memory.
    private const int FlushThreshold = 256 * 1024;

    private readonly Stream _stream;
    private readonly PipeReader _reader;
    private readonly PipeWriter _writer;
    private readonly Channel<FrameBuffer> _outgoing = Channel.CreateUnbounded<FrameBuffer>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writeLoop;
    private readonly CancellationTokenSource _closed = new();
    private int _disposed;

    public FrameConnection(Stream stream, int maxFrameSize)
    {
        _stream = stream;
        MaxFrameSize = maxFrameSize;
        _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024, leaveOpen: true));
        _writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 64 * 1024, leaveOpen: true));
        _writeLoop = WriteLoopAsync();
    }

    /// <summary>The largest frame accepted from the peer; small until the peer has authenticated.</summary>
    public int MaxFrameSize { get; set; }

    /// <summary>Cancelled when the connection closes, from either side or by an error.</summary>
    public CancellationToken Closed => _closed.Token;

    /// <summary>Why the connection closed, when an error closed it.</summary>
    public Exception? Fault { get; private set; }

    /// <summary>Queues a finished frame for sending; false (and the frame released) when the connection is closed.</summary>
    public bool TrySend(FrameBuffer frame)
    {
        frame.Complete();
        if (_outgoing.Writer.TryWrite(frame))
        {
            return true;
        }

        frame.Dispose();
        return false;
    }

    /// <summary>Reads exactly one frame (the handshake) and copies its body out.</summary>
    public async Task<(FrameKind Kind, uint RequestId, byte[] Body)> ReadOneAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (FrameHeader.TryRead(ref buffer, MaxFrameSize, out var kind, out var requestId, out var body))
            {
                var copy = body.ToArray();
                _reader.AdvanceTo(buffer.Start);
                return (kind, requestId, copy);
            }

            if (result.IsCompleted)
            {
                throw new EndOfStreamException("The peer closed the connection before sending a whole frame.");
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>
    /// Passes every frame to <paramref name="handler"/> until the peer closes the connection, an error occurs or
    /// the connection is disposed. Never throws: the connection is closed when it returns, and <see cref="Fault"/>
    /// tells why when it was not a clean close.
    /// </summary>
    public async Task RunReadLoopAsync(FrameHandler handler)
    {
        try
        {
            while (true)
            {
                var result = await _reader.ReadAsync(_closed.Token);
                var buffer = result.Buffer;
                while (FrameHeader.TryRead(ref buffer, MaxFrameSize, out var kind, out var requestId, out var body))
                {
                    handler(kind, requestId, body);
                }

                _reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty)
                    {
                        Fault ??= new EndOfStreamException("The peer closed the connection in the middle of a frame.");
                    }

                    break;
                }
            }
        }
        catch (OperationCanceledException) when (_closed.IsCancellationRequested)
        {
            // Closed by this side.
        }
        catch (Exception error)
        {
            Fault ??= error;
        }
        finally
        {
            Close();
        }
    }

    /// <summary>Sends what is queued, then stops writing (the peer sees the end of the stream after it).</summary>
    public async Task DrainAndCloseAsync(TimeSpan timeout)
    {
        _outgoing.Writer.TryComplete();
        await _writeLoop.WaitAsync(timeout).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Close();
    }

    /// <summary>Closes the connection at once; queued frames are dropped.</summary>
    public void Close()
    {
        _outgoing.Writer.TryComplete();
        if (!_closed.IsCancellationRequested)
        {
            try
            {
                _closed.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Already disposed: nothing left to signal.
            }
        }

        try
        {
            // Disposing the stream ends a read or write blocked in the socket.
            _stream.Dispose();
        }
        catch (Exception error)
        {
            Fault ??= error;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Close();
        await _writeLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _reader.CompleteAsync();
        _closed.Dispose();
    }

    private async Task WriteLoopAsync()
    {
        var queue = _outgoing.Reader;
        try
        {
            while (await queue.WaitToReadAsync(_closed.Token))
            {
                while (queue.TryRead(out var frame))
                {
                    using (frame)
                    {
                        _writer.Write(frame.Memory.Span);
                    }

                    if (_writer.UnflushedBytes >= FlushThreshold && (await _writer.FlushAsync(_closed.Token)).IsCompleted)
                    {
                        return;
                    }
                }

                if ((await _writer.FlushAsync(_closed.Token)).IsCompleted)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (_closed.IsCancellationRequested)
        {
            // Closed by this side.
        }
        catch (Exception error)
        {
            Fault ??= error;
            Close();
        }
        finally
        {
            while (queue.TryRead(out var dropped))
            {
                dropped.Dispose();
            }

            await _writer.CompleteAsync();
        }
    }
}
