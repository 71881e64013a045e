namespace OrleansHa.Connections;

/// <summary>One system of an HA group as a client reaches it: its name (cluster id) and its gateways.</summary>
/// <param name="SystemName">The system's name, its silo's <c>Silo:SystemName</c>, e.g. PROD.</param>
/// <param name="Gateways">Its gateways, each <c>host:port</c>.</param>
public sealed record GroupMemberAddress(string SystemName, IReadOnlyList<string> Gateways)
{
    /// <summary>
    /// Parses a group: members separated by <c>;</c>, each <c>NAME=host:port[,host:port…]</c>, e.g.
    /// <c>PROD=10.0.0.1:30000,10.0.0.2:30000;BACKUP=10.0.1.1:30000</c>. Throws <see cref="ArgumentException"/> naming
    /// the bad member and what is allowed (a message fit to quote, with no parameter name).
    /// </summary>
    public static IReadOnlyList<GroupMemberAddress> ParseList(string? text)
    {
        const string Allowed = "allowed: NAME=host:port[,host:port…], several systems separated by ';', e.g. PROD=10.0.0.1:30000;BACKUP=10.0.1.1:30000";
        var members = new List<GroupMemberAddress>();
        foreach (var part in (text ?? string.Empty).Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? part[..equals].Trim() : string.Empty;
            if (name.Length == 0 || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
            {
                throw new ArgumentException($"The group member '{part}' does not start with a system name and '='; {Allowed}.");
            }

            IReadOnlyList<string> gateways;
            try
            {
                gateways = GatewayAddress.ParseList(part[(equals + 1)..]);
            }
            catch (ArgumentException bad)
            {
                throw new ArgumentException($"The group member '{part}': {bad.Message}");
            }

            if (members.Any(m => string.Equals(m.SystemName, name, StringComparison.Ordinal)))
            {
                throw new ArgumentException($"The group names {name} twice; give each system once ({Allowed}).");
            }

            members.Add(new GroupMemberAddress(name, gateways));
        }

        if (members.Count == 0)
        {
            throw new ArgumentException($"The group '{text}' names no system; {Allowed}.");
        }

        return members;
    }

    /// <summary>The member as <see cref="ParseList"/> reads it: <c>NAME=host:port[,host:port…]</c>.</summary>
    public override string ToString() => $"{SystemName}={string.Join(',', Gateways)}";
}
