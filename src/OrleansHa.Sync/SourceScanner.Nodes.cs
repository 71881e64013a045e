namespace OrleansHa.Sync;

internal sealed partial class SourceScanner
{
    /// <summary>One directory of the walk: where its (sorted) entries landed, and the node of each subdirectory among them.</summary>
    private sealed class DirectoryNode(string path, bool included)
    {
        public string Path { get; } = path;

        public bool Included { get; } = included;

        public EntryTable? Table { get; set; }

        public int Start { get; set; }

        public int Count { get; set; }

        public DirectoryNode?[] Children { get; set; } = [];
    }

    /// <summary>A worker's reusable buffers: the names of the directory being read, and the path being built.</summary>
    private sealed class Scratch
    {
        public byte[] Names = new byte[64 * 1024];
        public byte[] Path = new byte[4096];

        public List<int> Starts { get; } = new(1024);
    }
}
