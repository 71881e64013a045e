using System.Globalization;
using OrleansHa.Connections;
using OrleansHa.Roles;

namespace OrleansHa.Client.Commands;

/// <summary>How the <c>role</c> commands read their arguments and word roles, durations and progress.</summary>
internal static class RoleText
{
    private const string MemberAllowed = "must be NAME for this system, or NAME=host:port[,host:port]@credential for another system (its gateways, and the entry under \"remotes\" in this silo's credentials file that logs in there), e.g. --member PROD --member BACKUP=10.0.0.2:30000@backup-admin";

    /// <summary><c>NAME</c> (this system) or <c>NAME=host:port[,host:port…]@credential</c>; throws <see cref="ArgumentException"/> saying what is allowed.</summary>
    public static HaGroupMember ParseMember(string text)
    {
        var equals = (text ?? string.Empty).IndexOf('=', StringComparison.Ordinal);
        var name = (equals < 0 ? text : text![..equals])?.Trim() ?? string.Empty;
        if (name.Length == 0 || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            throw new ArgumentException($"--member '{text}' {MemberAllowed}.");
        }

        if (equals < 0)
        {
            return new HaGroupMember(name, null, null);
        }

        var rest = text![(equals + 1)..];
        var at = rest.LastIndexOf('@');
        var credential = at < 0 ? string.Empty : rest[(at + 1)..].Trim();
        if (at < 0 || credential.Length == 0)
        {
            throw new ArgumentException($"--member '{text}' has no credential after '@'; it {MemberAllowed}.");
        }

        try
        {
            return new HaGroupMember(name, string.Join(',', GatewayAddress.ParseList(rest[..at])), credential);
        }
        catch (ArgumentException bad)
        {
            throw new ArgumentException($"--member '{text}': {bad.Message} It {MemberAllowed}.", bad);
        }
    }

    /// <summary>
    /// A grace period: a number and a unit (<c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c>, <c>d</c>), e.g. <c>30s</c>, or
    /// <c>hh:mm:ss</c>; within <see cref="AutoFailoverPolicy"/>'s bounds. Throws <see cref="ArgumentException"/> saying what is allowed.
    /// </summary>
    public static TimeSpan ParseGracePeriod(string text)
    {
        var allowed = $"allowed: {Duration(AutoFailoverPolicy.MinimumGracePeriod)} to {Duration(AutoFailoverPolicy.MaximumGracePeriod)}, as a number and a unit (ms, s, m, h, d), e.g. 30s or 5m, or hh:mm:ss";
        var value = (text ?? string.Empty).Trim();
        var unit = value.Reverse().TakeWhile(char.IsAsciiLetter).Count();
        TimeSpan? period = null;
        if (unit > 0 && double.TryParse(value.AsSpan(0, value.Length - unit), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            period = value[^unit..].ToLowerInvariant() switch
            {
                "ms" => TimeSpan.FromMilliseconds(number),
                "s" => TimeSpan.FromSeconds(number),
                "m" => TimeSpan.FromMinutes(number),
                "h" => TimeSpan.FromHours(number),
                "d" => TimeSpan.FromDays(number),
                _ => null,
            };
        }
        else if (unit == 0 && TimeSpan.TryParseExact(value, [@"hh\:mm\:ss", @"d\.hh\:mm\:ss"], CultureInfo.InvariantCulture, out var exact))
        {
            period = exact;
        }

        return period switch
        {
            null => throw new ArgumentException($"--auto-failover '{text}' is not a duration; {allowed}."),
            var p when p < AutoFailoverPolicy.MinimumGracePeriod || p > AutoFailoverPolicy.MaximumGracePeriod
                => throw new ArgumentException($"--auto-failover '{text}' is out of range; {allowed}."),
            var p => p.Value,
        };
    }

    /// <summary>A duration in the shortest words: <c>30s</c>, <c>5m</c>, <c>1h30m</c>, <c>1d</c>, <c>1.25s</c>.</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.FromMinutes(1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.###}s");
        }

        var parts = new List<string>();
        if (span.Days > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{span.Days}d"));
        }

        if (span.Hours > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{span.Hours}h"));
        }

        if (span.Minutes > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{span.Minutes}m"));
        }

        var seconds = span.Seconds + (span.Milliseconds / 1000.0);
        if (seconds > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{seconds:0.###}s"));
        }

        return string.Concat(parts);
    }

    /// <summary>A system's role in words, as STATUS and <c>role status</c> show it, e.g. "backup (epoch 3; production PROD)".</summary>
    public static string Role(RoleGate? gate) => gate switch
    {
        null or { Role: null } => "no HA group",
        { Role: SystemRole.Production } g => $"production (epoch {g.Epoch}{Phase(g.Phase)})",
        var g => $"backup (epoch {g.Epoch}{Phase(g.Phase)}; production {g.Production ?? "unknown"})",
    };

    /// <summary>The readiness score in words, e.g. "85% (not ready: 2 blocking)"; null without a report.</summary>
    public static string? Score(ReadinessReport? report)
    {
        if (report is null)
        {
            return null;
        }

        var blocking = report.Items.Count(i => i.Blocking && !i.Ready);
        return string.Create(CultureInfo.InvariantCulture, $"{report.Score}% ({(report.Ready ? "ready" : $"not ready: {blocking} blocking")})");
    }

    /// <summary>The operation's command name, e.g. <c>switch-over</c>.</summary>
    public static string Command(RoleOperation operation) => operation switch
    {
        RoleOperation.SwitchOver => "switch-over",
        RoleOperation.Failover => "failover",
        _ => "switch-back",
    };

    /// <summary>What a progress display shows of a role change under way: the step, and how far draining and the runs are.</summary>
    public static string Progress(RoleSwapProgress progress)
    {
        var parts = new List<string> { progress.Step };
        if (progress.EntriesToDrain > 0 || progress.EntriesBehind > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{progress.EntriesBehind:N0} journal entries behind"));
        }

        if (progress.FileSetsTotal > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{progress.FileSetsTotal - progress.FileSetsRemaining} of {progress.FileSetsTotal} file set runs done"));
        }

        return string.Join(", ", parts);
    }

    private static string Phase(HaGroupPhase phase) => phase switch
    {
        HaGroupPhase.SwitchingOver => ", switching over",
        HaGroupPhase.Promoting => ", being promoted",
        HaGroupPhase.Rejoining => ", rejoining",
        _ => string.Empty,
    };
}
