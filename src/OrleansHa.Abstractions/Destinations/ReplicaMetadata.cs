namespace OrleansHa.Destinations;

/// <summary>The metadata a receiving system gives an entry it writes.</summary>
/// <param name="Mode">The permission bits.</param>
/// <param name="MtimeNanoseconds">The modification time, in nanoseconds since the Unix epoch.</param>
/// <param name="Uid">The source's owner uid.</param>
/// <param name="Gid">The source's owner gid.</param>
/// <param name="Preserve">Whether mode and time are kept.</param>
[GenerateSerializer, Immutable, Alias("orleansha.replica-metadata")]
public sealed record ReplicaMetadata(
    [property: Id(0)] int Mode,
    [property: Id(1)] long MtimeNanoseconds,
    [property: Id(2)] int Uid,
    [property: Id(3)] int Gid,
    [property: Id(4)] bool Preserve);
