namespace OrleansHa.Sync;

/// <summary>What a target applies to an entry besides its content.</summary>
/// <param name="Mode">Permission bits (07777 mask); setuid/setgid are never set on files.</param>
/// <param name="MtimeNanoseconds">Modification time, nanoseconds since the Unix epoch.</param>
/// <param name="Uid">Source owner; applied only by a target running as root.</param>
/// <param name="Gid">Source group; applied only by a target running as root.</param>
/// <param name="Preserve">False when the file set does not preserve metadata: the target then uses its defaults (umask, now).</param>
public sealed record EntryMetadata(int Mode, long MtimeNanoseconds, int Uid, int Gid, bool Preserve = true);
