namespace OrleansHa.Destinations;

/// <summary>The kind of an entry at a receiving system.</summary>
[GenerateSerializer, Alias("orleansha.replica-entry-kind")]
public enum ReplicaEntryKind
{
    /// <summary>A regular file.</summary>
    File = 1,

    /// <summary>A directory.</summary>
    Directory = 2,

    /// <summary>A symbolic link.</summary>
    Symlink = 3,
}
