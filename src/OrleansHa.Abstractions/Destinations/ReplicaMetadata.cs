namespace OrleansHa.Destinations;

/// <summary>The metadata a receiving system gives an entry it writes.</summary>
/// <param name="Mode">The permission bits.</param>
/// <param name="MtimeNanoseconds">
/// The modification time, in nanoseconds since the Unix epoch, clamped to 1677–2262 (what 64 bits hold); a receiver
/// reads <see cref="MtimeSeconds"/> and <see cref="MtimeNanosecondPart"/> instead when either is set.
/// </param>
/// <param name="Uid">The source's owner uid on the sending system; the receiving system does not apply it (it gives the file its own profile's uid and gid for the user).</param>
/// <param name="Gid">The source's owner gid on the sending system; not applied by the receiver either.</param>
/// <param name="Preserve">Whether mode and time are kept.</param>
[GenerateSerializer, Immutable, Alias("orleansha.replica-metadata")]
public sealed record ReplicaMetadata(
    [property: Id(0)] int Mode,
    [property: Id(1)] long MtimeNanoseconds,
    [property: Id(2)] int Uid,
    [property: Id(3)] int Gid,
    [property: Id(4)] bool Preserve)
{
    /// <summary>The modification time's seconds since the Unix epoch (any time a file can carry); 0 from a sender that predates it.</summary>
    [Id(5)]
    public long MtimeSeconds { get; init; }

    /// <summary>The nanoseconds within <see cref="MtimeSeconds"/>, 0 to 999,999,999.</summary>
    [Id(6)]
    public int MtimeNanosecondPart { get; init; }
}
