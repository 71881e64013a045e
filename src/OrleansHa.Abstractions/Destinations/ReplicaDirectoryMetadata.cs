namespace OrleansHa.Destinations;

/// <summary>One directory of a batch sent to <see cref="IReplicaReceiverGrain.SetDirectoriesMetadataAsync"/>.</summary>
/// <param name="Path">The directory relative to the target root ("" for the root).</param>
/// <param name="Metadata">Mode and time (the owner is the receiving system's for the user).</param>
[GenerateSerializer, Immutable, Alias("orleansha.replica-directory-metadata")]
public sealed record ReplicaDirectoryMetadata(
    [property: Id(0)] string Path,
    [property: Id(1)] ReplicaMetadata Metadata);
