namespace OrleansHa.Sync.Tests;

public sealed class ManifestTests : IDisposable
{
    private readonly SyncTestTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void Write_WhenReadBack_GivesTheSameEntries()
    {
        var table = new EntryTable();
        table.Add(string.Empty, SyncEntryKind.Directory, 0, 1, 0b111_101_101);
        table.Add("dir", SyncEntryKind.Directory, 0, -5, 0b111_000_000);
        table.Add("dir/ünïcødé file.txt", SyncEntryKind.File, 1L << 40, 1_700_000_000_123_456_789, 0b110_100_100);
        table.Add("dir/link", SyncEntryKind.Symlink, 7, 42, 0b111_111_111, "../elsewhere");
        table.Add("dir-b", SyncEntryKind.File, 0, 0, 0);
        table[2].SetHash(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
        table.Sort();

        ManifestFile.Write(table, _tree.ManifestPath, durable: true);
        var read = ManifestFile.Read(_tree.ManifestPath)!;

        Assert.Equal(Describe(table), Describe(read));
        Assert.Equal("../elsewhere", read.LinkTarget(read.IndexOf("dir/link"u8)));
    }

    [Fact]
    public void Sort_WhenNamesShareAPrefix_PutsEachDirectoryRightBeforeItsContents()
    {
        var table = new EntryTable();
        foreach (var path in new[] { "a-b", "a/z", "a", "a.b", string.Empty, "a/b/c", "a/b" })
        {
            table.Add(path, SyncEntryKind.File, 0, 0, 0);
        }

        table.Sort();

        Assert.Equal([string.Empty, "a", "a/b", "a/b/c", "a/z", "a-b", "a.b"], Enumerable.Range(0, table.Count).Select(table.Path));
    }

    [Fact]
    public void Read_WhenFileIsDamaged_ThrowsInvalidData()
    {
        var table = new EntryTable();
        table.Add("x", SyncEntryKind.File, 1, 1, 1);
        ManifestFile.Write(table, _tree.ManifestPath, durable: false);
        var bytes = File.ReadAllBytes(_tree.ManifestPath);
        bytes[6] ^= 1;
        File.WriteAllBytes(_tree.ManifestPath, bytes);

        Assert.Throws<InvalidDataException>(() => ManifestFile.Read(_tree.ManifestPath));
    }

    [Fact]
    public void EntryTable_WhenHoldingManyEntries_StaysUnder300BytesEach()
    {
        var table = new EntryTable();
        for (var i = 0; i < 200_000; i++)
        {
            table.Add($"projects/team-{i % 100:D3}/src/module-{i % 1000:D4}/file-{i:D7}.cs", SyncEntryKind.File, i, i, 420);
        }

        Assert.True(table.AllocatedBytes / table.Count < 300, $"{table.AllocatedBytes / table.Count} bytes per entry");
    }

    private static List<string> Describe(EntryTable table)
        => [.. Enumerable.Range(0, table.Count).Select(i =>
        {
            var e = table[i];
            return $"{table.Path(i)}|{e.Kind}|{e.Size}|{e.MtimeNanoseconds}|{e.Mode}|{e.HasHash}|{e.HashHigh}|{e.HashLow}|{table.LinkTarget(i)}";
        })];
}
