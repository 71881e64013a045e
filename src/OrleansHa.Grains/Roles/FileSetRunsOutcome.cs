namespace OrleansHa.Grains.Roles;

/// <summary>What the file set runs of one step of a role change did.</summary>
/// <param name="Runs">Runs queued (or joined).</param>
/// <param name="BytesCopied">Bytes the ended runs copied.</param>
/// <param name="Failures">Each run that did not succeed (or could not be queued, or did not end in time), in words.</param>
internal sealed record FileSetRunsOutcome(int Runs, long BytesCopied, IReadOnlyList<string> Failures);
