using OrleansHa.Runtime.Gateway.Wire;
using OrleansHa.Runtime.Invocation;

namespace OrleansHa.Runtime.Gateway;

/// <summary>
/// The connection's first exchange. The client sends Hello (protocol version, user, secret); the silo answers
/// Welcome (its version, system name, the authenticated principal and its grain type table, so the client can
/// resolve grain interfaces without the grain classes) or Refused (a reason) and closes. Nothing reaches a grain
/// before a Welcome.
/// </summary>
internal static class Handshake
{
    /// <summary>The protocol version this build speaks.</summary>
    public const ushort ProtocolVersion = 1;

    /// <summary>The largest frame accepted before the peer is authenticated.</summary>
    public const int UnauthenticatedMaxFrameSize = 64 * 1024;

    public static FrameBuffer EncodeHello(string user, string secret)
    {
        var frame = new FrameBuffer(FrameKind.Hello, 0);
        frame.WriteUInt16(ProtocolVersion);
        frame.WriteString(user);
        frame.WriteString(secret);
        return frame;
    }

    public static (ushort Version, string User, string Secret) ReadHello(FrameKind kind, byte[] body)
    {
        if (kind != FrameKind.Hello)
        {
            throw new GatewayProtocolException($"The first frame on a gateway connection must be Hello; it was {kind}.");
        }

        var reader = new FrameBodyReader(new(body));
        var version = reader.ReadUInt16();
        return (version, reader.ReadString() ?? string.Empty, reader.ReadString() ?? string.Empty);
    }

    public static FrameBuffer EncodeWelcome(string systemName, GatewayPrincipal principal, IReadOnlyList<GrainInterfaceMapping> mappings)
    {
        var frame = new FrameBuffer(FrameKind.Welcome, 0, 1024);
        frame.WriteUInt16(ProtocolVersion);
        frame.WriteString(systemName);
        frame.WriteString(principal.Name);
        frame.WriteString(principal.Role);
        frame.WriteUInt32((uint)mappings.Count);
        foreach (var mapping in mappings)
        {
            frame.WriteString(mapping.InterfaceName);
            frame.WriteString(mapping.GrainType);
            frame.WriteString(mapping.ClassFullName);
        }

        return frame;
    }

    /// <summary>Reads the silo's answer to Hello; throws when it refused.</summary>
    public static (string SystemName, GatewayPrincipal Principal, List<GrainInterfaceMapping> Mappings) ReadWelcome(FrameKind kind, byte[] body, string gateway)
    {
        var reader = new FrameBodyReader(new(body));
        if (kind == FrameKind.Refused)
        {
            throw new GatewayAuthenticationException($"The silo at {gateway} refused the connection: {reader.ReadString()}");
        }

        if (kind != FrameKind.Welcome)
        {
            throw new GatewayProtocolException($"The silo at {gateway} answered Hello with {kind}; expected Welcome or Refused.");
        }

        var version = reader.ReadUInt16();
        if (version != ProtocolVersion)
        {
            throw new GatewayProtocolException($"The silo at {gateway} speaks gateway protocol {version}; this client speaks {ProtocolVersion}.");
        }

        var systemName = reader.ReadRequiredString("system name");
        var principal = new GatewayPrincipal(reader.ReadRequiredString("principal"), reader.ReadRequiredString("role"));
        var count = reader.ReadUInt32();
        var mappings = new List<GrainInterfaceMapping>((int)Math.Min(count, 4096));
        for (var i = 0; i < count; i++)
        {
            mappings.Add(new GrainInterfaceMapping(reader.ReadRequiredString("interface name"), reader.ReadRequiredString("grain type"), reader.ReadString()));
        }

        return (systemName, principal, mappings);
    }

    public static FrameBuffer EncodeReason(FrameKind kind, string reason)
    {
        var frame = new FrameBuffer(kind, 0);
        frame.WriteString(reason);
        return frame;
    }

    public static FrameBuffer EncodeStatusReply(uint requestId, GatewaySystemStatus status)
    {
        var frame = new FrameBuffer(FrameKind.StatusReply, requestId);
        frame.WriteString(status.SystemName);
        frame.WriteInt64(status.StartedAt.ToUnixTimeMilliseconds());
        frame.WriteInt64(status.Uptime.Ticks);
        frame.WriteInt64(status.Activations);
        frame.WriteUInt32((uint)status.GatewayConnections);
        frame.WriteString(status.Version);
        return frame;
    }

    public static GatewaySystemStatus ReadStatusReply(System.Buffers.ReadOnlySequence<byte> body)
    {
        var reader = new FrameBodyReader(body);
        return new GatewaySystemStatus(
            reader.ReadRequiredString("system name"),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.ReadInt64()),
            TimeSpan.FromTicks(reader.ReadInt64()),
            reader.ReadInt64(),
            (int)reader.ReadUInt32(),
            reader.ReadString() ?? string.Empty);
    }
}
