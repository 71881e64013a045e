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
    public void Write_WhenTimesLieOutside64BitNanoseconds_ReadsThemBackExactly()
    {
        var table = new EntryTable();
        table.Add(string.Empty, SyncEntryKind.Directory, 0, new FileTime(-14831769600, 0), 0b111_101_101);
        table.Add("future", SyncEntryKind.File, 3, new FileTime(10413792000, 123_456_789), 0b110_100_100);
        table.Add("past", SyncEntryKind.File, 3, new FileTime(-11662920000, 500_000_000), 0b110_100_100);
        table.Add("extreme", SyncEntryKind.File, 3, new FileTime(long.MaxValue, 999_999_999), 0b110_100_100);
        table.Sort();

        ManifestFile.Write(table, _tree.ManifestPath, durable: false);
        var read = ManifestFile.Read(_tree.ManifestPath)!;

        Assert.Equal(Describe(table), Describe(read));
    }

    [Fact]
    public void Read_WhenTheManifestIsVersion1_ReadsItsNanosecondTimes()
    {
        // Version 1, as the engine wrote it before times were kept as seconds and nanoseconds.
        var body = new List<byte>();
        body.AddRange("OHSM"u8.ToArray());
        body.Add(1);
        body.Add(2); // entries
        body.AddRange(new byte[] { 0, 0, (byte)SyncEntryKind.Directory, 0 });
        Varint(body, 0b111_101_101);
        Varint(body, 0);
        Varint(body, ZigZag(-250_000_000)); // 1969-12-31 23:59:59.75
        body.AddRange(new byte[] { 0, 1, (byte)'a', (byte)SyncEntryKind.File, 0 });
        Varint(body, 0b110_100_100);
        Varint(body, 5);
        Varint(body, ZigZag(1_700_000_000_123_456_789));
        Directory.CreateDirectory(Path.GetDirectoryName(_tree.ManifestPath)!);
        File.WriteAllBytes(_tree.ManifestPath, [.. body, .. System.Security.Cryptography.SHA256.HashData(body.ToArray())]);

        var read = ManifestFile.Read(_tree.ManifestPath)!;

        Assert.Equal(new FileTime(-1, 750_000_000), read[0].Mtime);
        Assert.Equal(new FileTime(1_700_000_000, 123_456_789), read[read.IndexOf("a"u8)].Mtime);
        Assert.Equal(5, read[read.IndexOf("a"u8)].Size);
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

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    private static void Varint(List<byte> bytes, ulong value)
    {
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
    }

    private static List<string> Describe(EntryTable table)
        => [.. Enumerable.Range(0, table.Count).Select(i =>
        {
            var e = table[i];
            return $"{table.Path(i)}|{e.Kind}|{e.Size}|{e.Mtime}|{e.Mode}|{e.HasHash}|{e.HashHigh}|{e.HashLow}|{table.LinkTarget(i)}";
        })];
}
