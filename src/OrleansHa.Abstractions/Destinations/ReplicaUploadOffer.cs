namespace OrleansHa.Destinations;

/// <summary>
/// A receiver's answer to <see cref="IReplicaReceiverGrain.ResumeFileAsync"/>: the upload to send chunks to, and how much
/// of the same file (same path, length and modification time) an interrupted earlier upload already made durable there.
/// The sender checks <see cref="PrefixSha256"/> against its own first <see cref="DurableLength"/> bytes and sends only the
/// rest; if they differ it starts over with <see cref="IReplicaReceiverGrain.BeginFileAsync"/>.
/// </summary>
/// <param name="Upload">The upload's id for the chunk and commit calls.</param>
/// <param name="DurableLength">Bytes from the start of the file staged and fsynced at the receiver; 0 when nothing can be resumed.</param>
/// <param name="PrefixSha256">The SHA-256 of those bytes as staged (holes read as zeros); empty when <paramref name="DurableLength"/> is 0.</param>
[GenerateSerializer, Immutable, Alias("orleansha.replica-upload-offer")]
public sealed record ReplicaUploadOffer(
    [property: Id(0)] Guid Upload,
    [property: Id(1)] long DurableLength,
    [property: Id(2)] byte[] PrefixSha256);
