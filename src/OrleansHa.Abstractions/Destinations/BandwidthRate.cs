using System.Globalization;

namespace OrleansHa.Destinations;

/// <summary>
/// A bandwidth limit in text: a number of bytes per second with an optional unit and <c>/s</c> (<c>10MB/s</c>,
/// <c>512KiB/s</c>, <c>2.5MB</c>, <c>800000</c>); <c>0</c>, <c>none</c> or <c>unlimited</c> for no limit. Units:
/// B, KB, MB, GB (powers of 1000) and KiB, MiB, GiB (powers of 1024), in any case.
/// </summary>
public static class BandwidthRate
{
    /// <summary>What a rate may look like, for error messages.</summary>
    public const string Allowed = "bytes per second with an optional unit, e.g. 10MB/s, 512KiB/s, 800000 (units B, KB, MB, GB, KiB, MiB, GiB); 0, none or unlimited for no limit";

    /// <summary>The highest limit accepted: 1 TB/s, far above any link, and safe in the throttle's arithmetic.</summary>
    public const long Maximum = 1_000_000_000_000;

    private static readonly (string Unit, long Factor)[] Units =
    [
        ("kib", 1L << 10), ("mib", 1L << 20), ("gib", 1L << 30),
        ("kb", 1000), ("mb", 1000_000), ("gb", 1000_000_000), ("b", 1),
    ];

    /// <summary>Parses a rate into bytes per second (0: unlimited); throws <see cref="InvalidDefinitionException"/> naming <paramref name="field"/>.</summary>
    public static long Parse(string? text, string field = "bandwidth")
    {
        var value = (text ?? string.Empty).Trim();
        var lower = value.ToLowerInvariant();
        if (lower is "none" or "unlimited")
        {
            return 0;
        }

        if (lower.EndsWith("/s", StringComparison.Ordinal))
        {
            lower = lower[..^2].TrimEnd();
        }

        var factor = 1L;
        foreach (var (unit, f) in Units)
        {
            if (lower.EndsWith(unit, StringComparison.Ordinal))
            {
                factor = f;
                lower = lower[..^unit.Length].TrimEnd();
                break;
            }
        }

        if (lower.Length == 0 || !decimal.TryParse(lower, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            throw new InvalidDefinitionException(field, $"'{value}' is not a rate", Allowed);
        }

        var bytes = number * factor;
        if (bytes > Maximum)
        {
            throw new InvalidDefinitionException(field, $"'{value}' is above the highest limit, 1TB/s", Allowed);
        }

        if (bytes > 0 && bytes < 1)
        {
            throw new InvalidDefinitionException(field, $"'{value}' is less than one byte per second", Allowed);
        }

        return (long)bytes;
    }

    /// <summary>A rate in text (<c>unlimited</c> for 0), in the largest unit that keeps it readable, e.g. <c>4 MB/s</c>, <c>512 KiB/s</c>.</summary>
    public static string Format(long bytesPerSecond)
    {
        if (bytesPerSecond <= 0)
        {
            return "unlimited";
        }

        foreach (var (unit, factor) in new[] { ("GiB", 1L << 30), ("MiB", 1L << 20), ("KiB", 1L << 10), ("GB", 1000_000_000L), ("MB", 1000_000L), ("KB", 1000L) })
        {
            if (bytesPerSecond % factor == 0)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{bytesPerSecond / factor} {unit}/s");
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"{bytesPerSecond} B/s");
    }
}
