using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace OrleansHa.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Speaks the gateway's frame format by hand (header: uint32 length, byte kind, uint32 request id; little-endian),
/// to check what the silo does with frames a well-behaved client never sends.
/// </summary>
public sealed class RawGatewayConnection : IDisposable
{
    public const byte Hello = 1;
    public const byte Welcome = 2;
    public const byte Refused = 3;
    public const byte Request = 4;

    private readonly TcpClient _client = new();
    private NetworkStream _stream = null!;

    public static async Task<RawGatewayConnection> OpenAsync(int port)
    {
        var connection = new RawGatewayConnection();
        await connection._client.ConnectAsync("127.0.0.1", port);
        connection._stream = connection._client.GetStream();
        return connection;
    }

    public static byte[] HelloBody(ushort version, string user, string secret)
    {
        var body = new List<byte>();
        body.AddRange(BitConverter.GetBytes(version));
        foreach (var text in new[] { user, secret })
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            body.AddRange(BitConverter.GetBytes(bytes.Length));
            body.AddRange(bytes);
        }

        return [.. body];
    }

    public async Task SendAsync(byte kind, uint requestId, byte[] body, uint? announcedLength = null)
    {
        var frame = new byte[9 + body.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, announcedLength ?? (uint)(5 + body.Length));
        frame[4] = kind;
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(5), requestId);
        body.CopyTo(frame, 9);
        await _stream.WriteAsync(frame);
    }

    /// <summary>The next frame's kind and body, or null when the silo closed the connection.</summary>
    public async Task<(byte Kind, byte[] Body)?> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var header = new byte[9];
        if (!await ReadExactlyAsync(header, timeout.Token))
        {
            return null;
        }

        var body = new byte[BinaryPrimitives.ReadUInt32LittleEndian(header) - 5];
        return await ReadExactlyAsync(body, timeout.Token) ? (header[4], body) : null;
    }

    /// <summary>Reads a length-prefixed UTF-8 string at the start of a body.</summary>
    public static string ReadString(byte[] body, int offset = 0)
        => Encoding.UTF8.GetString(body, offset + 4, BinaryPrimitives.ReadInt32LittleEndian(body.AsSpan(offset)));

    public void Dispose() => _client.Dispose();

    private async Task<bool> ReadExactlyAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        try
        {
            await _stream.ReadExactlyAsync(buffer, cancellationToken);
            return true;
        }
        catch (Exception error) when (error is EndOfStreamException or IOException)
        {
            return false;
        }
    }
}
