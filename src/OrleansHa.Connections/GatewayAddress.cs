using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace OrleansHa.Connections;

/// <summary>Parses <c>host:port</c> gateway addresses.</summary>
public static class GatewayAddress
{
    /// <summary>Splits <paramref name="text"/> into host and port; throws <see cref="ArgumentException"/> saying what is allowed.</summary>
    public static (string Host, int Port) Parse(string text)
    {
        var colon = text?.LastIndexOf(':') ?? -1;
        if (text is null || colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new ArgumentException($"'{text}' is not a gateway address; allowed: host:port with a port of 1-65535, e.g. 127.0.0.1:30000.", nameof(text));
        }

        return (text[..colon].Trim('[', ']'), port);
    }

    /// <summary>The endpoint of <paramref name="text"/>, resolving a host name (IPv4 first).</summary>
    public static async Task<IPEndPoint> ResolveAsync(string text, CancellationToken cancellationToken)
    {
        var (host, port) = Parse(text);
        if (IPAddress.TryParse(host, out var address))
        {
            return new IPEndPoint(address, port);
        }

        IPAddress[] found;
        try
        {
            found = await Dns.GetHostAddressesAsync(host, cancellationToken);
        }
        catch (SocketException error)
        {
            throw new ArgumentException($"The gateway host '{host}' cannot be resolved ({error.Message}); check the name or give an IP address.", nameof(text), error);
        }

        var chosen = found.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? found.FirstOrDefault()
            ?? throw new ArgumentException($"The gateway host '{host}' has no address; check the name or give an IP address.", nameof(text));
        return new IPEndPoint(chosen, port);
    }
}
