namespace OrleansHa.Sync;

/// <summary>One run: copy <paramref name="FileSet"/> to <paramref name="Target"/> as the owner described by <paramref name="Access"/>.</summary>
/// <param name="FileSet">What to copy.</param>
/// <param name="Target">Where it goes.</param>
/// <param name="Access">The owner's identity and roots; the source must lie inside them.</param>
/// <param name="ManifestPath">The checkpoint file of the last good run (created if absent). It belongs to the service, not the owner, so it is not confined to the owner's roots.</param>
public sealed record SyncRequest(FileSetSpec FileSet, ISyncTarget Target, AccessScope Access, string ManifestPath)
{
    /// <summary>
    /// Lets this one run through the delete guard (see <see cref="MassDeleteRefusedException"/>): an operator has
    /// looked and the deletions are meant. Default false.
    /// </summary>
    public bool AllowMassDelete { get; init; }

}
