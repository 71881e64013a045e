namespace OrleansHa.Journals;

/// <summary>A remote journal's answer to a batch: where it stands after storing and applying what it could.</summary>
/// <param name="LastApplied">The last sequence stored and applied; the sender resends from the one after it.</param>
/// <param name="Applied">Entries of this batch applied now (accepted or rejected by the apply rules).</param>
/// <param name="Duplicates">Entries of this batch ignored because they were applied before.</param>
/// <param name="Rejected">Entries of this batch rejected by the apply rules (stale Put or Delete).</param>
/// <param name="GapRefused">True when the batch did not start right after <see cref="LastApplied"/> and was refused.</param>
[GenerateSerializer, Immutable, Alias("orleansha.remote-receive-result")]
public sealed record RemoteReceiveResult(
    [property: Id(0)] long LastApplied,
    [property: Id(1)] int Applied,
    [property: Id(2)] int Duplicates,
    [property: Id(3)] int Rejected,
    [property: Id(4)] bool GapRefused);
