namespace OrleansHa.Sync;

/// <summary>One directory of a batch sent to <see cref="IBatchSyncTarget.SetDirectoriesMetadataAsync"/>.</summary>
/// <param name="RelativePath">The directory, relative to the target's root ("" for the root).</param>
/// <param name="Metadata">Mode, time and owner to give it.</param>
public sealed record SyncDirectoryMetadata(string RelativePath, EntryMetadata Metadata);
