namespace OrleansHa.Sync;

/// <summary>One file of a batch: its whole content, read and checked by the engine. Neither side changes the array.</summary>
/// <param name="RelativePath">Where it goes, relative to the target's root.</param>
/// <param name="Metadata">Mode, time and owner to give it.</param>
/// <param name="Content">The file's bytes (holes read as zeros).</param>
public sealed record SyncBatchFile(string RelativePath, EntryMetadata Metadata, byte[] Content);
