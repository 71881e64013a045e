namespace OrleansHa.Journals;

/// <summary>A remote journal's answer to a batch: where it stands after storing and applying what it could.</summary>
/// <param name="LastApplied">The last sequence stored and applied; the sender resends from the one after it.</param>
/// <param name="Applied">Entries of this batch applied now (accepted or rejected by the apply rules).</param>
/// <param name="Duplicates">Entries of this batch ignored because they were applied before.</param>
/// <param name="Rejected">Entries of this batch rejected by the apply rules (stale Put or Delete).</param>
/// <param name="GapRefused">True when the batch did not start right after <see cref="LastApplied"/> and was refused.</param>
/// <param name="Epoch">The receiving system's HA group epoch (0: no group); an acknowledgement counts only at the sender's own epoch.</param>
/// <param name="Fenced">
/// True when the batch was refused because its entries are of an older epoch than the receiver's, or the receiver is
/// production: the sender is a former production system and must learn the newer epoch (nothing was stored).
/// </param>
/// <param name="ReceiverBehind">True when the receiver knows an older epoch than the entries': it learns the newer one from its group, and the sender retries.</param>
[GenerateSerializer, Immutable, Alias("orleansha.remote-receive-result")]
public sealed record RemoteReceiveResult(
    [property: Id(0)] long LastApplied,
    [property: Id(1)] int Applied,
    [property: Id(2)] int Duplicates,
    [property: Id(3)] int Rejected,
    [property: Id(4)] bool GapRefused,
    [property: Id(5)] long Epoch = 0,
    [property: Id(6)] bool Fenced = false,
    [property: Id(7)] bool ReceiverBehind = false);
