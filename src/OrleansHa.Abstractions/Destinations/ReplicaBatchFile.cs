namespace OrleansHa.Destinations;

/// <summary>One small file of a batch sent to <see cref="IReplicaReceiverGrain.WriteFilesAsync"/>: where it goes and all of it.</summary>
/// <param name="Path">The path relative to the target root, '/'-separated.</param>
/// <param name="Metadata">Mode and time (the owner is the receiving system's for the user).</param>
/// <param name="Content">The whole content; not changed by either side once sent.</param>
[GenerateSerializer, Immutable, Alias("orleansha.replica-batch-file")]
public sealed record ReplicaBatchFile(
    [property: Id(0)] string Path,
    [property: Id(1)] ReplicaMetadata Metadata,
    [property: Id(2)] byte[] Content);
