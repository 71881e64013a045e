namespace OrleansHa.Sync;

/// <summary>What a target applies to an entry besides its content.</summary>
/// <param name="Mode">Permission bits (07777 mask); setuid/setgid are never set on files.</param>
/// <param name="Mtime">Modification time (any time a file can carry, also outside what 64-bit nanoseconds hold).</param>
/// <param name="Uid">Source owner; applied only by a target running as root.</param>
/// <param name="Gid">Source group; applied only by a target running as root.</param>
/// <param name="Preserve">False when the file set does not preserve metadata: the target then uses its defaults (umask, now).</param>
public sealed record EntryMetadata(int Mode, FileTime Mtime, int Uid, int Gid, bool Preserve = true)
{
    /// <summary>Metadata with the modification time in nanoseconds since the Unix epoch.</summary>
    public EntryMetadata(int Mode, long MtimeNanoseconds, int Uid, int Gid, bool Preserve = true)
        : this(Mode, FileTime.FromNanoseconds(MtimeNanoseconds), Uid, Gid, Preserve)
    {
    }

    /// <summary>
    /// The modification time in nanoseconds since the Unix epoch; throws <see cref="OverflowException"/> for a time
    /// outside 1677-09-21 to 2262-04-11 (use <see cref="Mtime"/>, which holds every time).
    /// </summary>
    public long MtimeNanoseconds => Mtime.ToNanoseconds();
}
