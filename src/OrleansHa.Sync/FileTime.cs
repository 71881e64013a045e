namespace OrleansHa.Sync;

/// <summary>
/// A file time as the kernel keeps it: whole seconds since the Unix epoch (64-bit, negative before 1970) and the
/// nanoseconds within that second (0 to 999,999,999). 64-bit nanoseconds reach only from 1677-09-21 to 2262-04-11;
/// files carry times outside that (a clock set wrong, an archive's placeholder dates), and rsync keeps them exactly,
/// so the engine does too.
/// </summary>
/// <param name="Seconds">Seconds since 1970-01-01 00:00:00 UTC, rounded down (so -0.25 s is -1 s and 750,000,000 ns).</param>
/// <param name="Nanoseconds">Nanoseconds within the second, 0 to 999,999,999.</param>
public readonly record struct FileTime(long Seconds, int Nanoseconds)
{
    private const long PerSecond = 1_000_000_000L;

    /// <summary>The time <paramref name="nanoseconds"/> after the epoch (before it, when negative).</summary>
    public static FileTime FromNanoseconds(long nanoseconds)
    {
        var seconds = Math.DivRem(nanoseconds, PerSecond, out var rest);
        return rest < 0 ? new FileTime(seconds - 1, (int)(rest + PerSecond)) : new FileTime(seconds, (int)rest);
    }

    /// <summary>True when the time fits in 64-bit nanoseconds since the epoch (1677-09-21 to 2262-04-11).</summary>
    public bool FitsNanoseconds => TryGetNanoseconds(out _);

    /// <summary>Nanoseconds since the epoch; false (and 0) when the time lies outside 1677-09-21 to 2262-04-11.</summary>
    public bool TryGetNanoseconds(out long nanoseconds)
    {
        var total = ((Int128)Seconds * PerSecond) + Nanoseconds;
        var fits = total >= long.MinValue && total <= long.MaxValue;
        nanoseconds = fits ? (long)total : 0;
        return fits;
    }

    /// <summary>Nanoseconds since the epoch, clamped to what 64 bits hold: for a peer or format that knows no other form.</summary>
    public long ClampedNanoseconds => TryGetNanoseconds(out var n) ? n : Seconds < 0 ? long.MinValue : long.MaxValue;

    /// <summary>Nanoseconds since the epoch; throws <see cref="OverflowException"/> when the time lies outside 1677-09-21 to 2262-04-11.</summary>
    public long ToNanoseconds()
        => TryGetNanoseconds(out var n)
            ? n
            : throw new OverflowException($"The file time {Seconds} s + {Nanoseconds} ns lies outside 1677-09-21 to 2262-04-11, which 64-bit nanoseconds hold; use its seconds and nanoseconds.");

    /// <summary>
    /// The time as one 64-bit number that identifies a file's version beside its length (a delta's basis): nanoseconds
    /// since the epoch where they fit, wrapping outside 1677–2262. Never a time to write back.
    /// </summary>
    public long VersionStamp => unchecked((Seconds * 1_000_000_000L) + Nanoseconds);
}
