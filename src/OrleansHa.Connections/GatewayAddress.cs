using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace OrleansHa.Connections;

/// <summary>Parses <c>host:port</c> gateway addresses, and lists of them separated by commas.</summary>
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

        var host = text[..colon];
        var bracketed = host.StartsWith('[') && host.EndsWith(']');
        if (bracketed)
        {
            host = host[1..^1];
        }

        // A comma or a space in the host is a list or a typo ("a:1,b:2" would otherwise read as host "a:1,b"); a colon
        // is an IPv6 address, which needs its brackets to be told from the port.
        if (host.Length == 0 || host.Any(c => c is ',' or ' ' or '\t' or '/') || (!bracketed && host.Contains(':', StringComparison.Ordinal)))
        {
            throw new ArgumentException($"'{text}' is not a gateway address; allowed: host:port with a port of 1-65535, e.g. 127.0.0.1:30000 or [::1]:30000, several separated by commas.", nameof(text));
        }

        return (host, port);
    }

    /// <summary>
    /// Splits a comma-separated list of gateways (<c>host:port,host:port</c>), trimming spaces; throws
    /// <see cref="ArgumentException"/> for an empty list, a bad address (naming it) or one given twice.
    /// </summary>
    public static IReadOnlyList<string> ParseList(string? text)
    {
        var gateways = (text ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (gateways.Length == 0)
        {
            throw new ArgumentException($"The gateway list '{text}' is empty; allowed: host:port, or several separated by commas, e.g. 10.0.0.1:30000,10.0.0.2:30000.", nameof(text));
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var gateway in gateways)
        {
            Parse(gateway);
            if (!seen.Add(gateway))
            {
                throw new ArgumentException($"The gateway list '{text}' names {gateway} twice; give each gateway once.", nameof(text));
            }
        }

        return gateways;
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
