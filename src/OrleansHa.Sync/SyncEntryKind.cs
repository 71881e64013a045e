namespace OrleansHa.Sync;

/// <summary>The kinds of entry the engine copies.</summary>
public enum SyncEntryKind : byte
{
    /// <summary>A regular file.</summary>
    File = 1,

    /// <summary>A directory.</summary>
    Directory = 2,

    /// <summary>A symbolic link, copied as a link (never followed).</summary>
    Symlink = 3,
}
