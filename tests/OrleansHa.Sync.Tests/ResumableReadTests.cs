using System.Security.Cryptography;
using OrleansHa.Sync.Native;

namespace OrleansHa.Sync.Tests;

/// <summary>
/// What a target needs to resume a transfer (issue 11, deliver 2): a source read from an offset and a prefix hashed,
/// and a staged file put into place by <see cref="LocalDirectoryTarget.AdoptFileAsync"/>.
/// </summary>
public sealed class ResumableReadTests : IDisposable
{
    private const int MiB = 1 << 20;
    private readonly SyncTestTree _tree = new();
    private readonly string _otherFileSystem = Path.Combine("/dev/shm", "orleansha-adopt-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        _tree.Dispose();
        if (Directory.Exists(_otherFileSystem))
        {
            Directory.Delete(_otherFileSystem, recursive: true);
        }
    }

    [Fact]
    public async Task ReadChunks_FromAnOffsetAfterHashingThePrefix_YieldsOnlyTheRestAndStillTheWholeFilesHash()
    {
        var data = RandomBytes((5 * MiB) + 123, seed: 1);
        await File.WriteAllBytesAsync(_tree.Src("big.bin"), data);
        using var handle = File.OpenHandle(_tree.Src("big.bin"));
        var file = new LocalSourceFile(handle, StatInfo.Get(handle, string.Empty, "big.bin"), "big.bin", hashWhileReading: true);

        var prefix = await file.HashPrefixAsync(2 * MiB, CancellationToken.None);
        var chunks = new List<FileChunk>();
        await foreach (var chunk in file.ReadChunksAsync(2 * MiB, CancellationToken.None))
        {
            chunks.Add(new FileChunk(chunk.Offset, chunk.Data.ToArray()));
        }

        Assert.Equal(SHA256.HashData(data.AsSpan(0, 2 * MiB)), prefix);
        Assert.Equal(2 * MiB, file.ReadFrom);
        Assert.Equal(2 * MiB, chunks[0].Offset);
        Assert.Equal(data[(2 * MiB)..], chunks.SelectMany(c => c.Data.ToArray()).ToArray());
        Assert.Equal(SHA256.HashData(data), file.Sha256);
    }

    [Fact]
    public async Task HashPrefix_OverAHole_HashesItAsZeros()
    {
        var path = _tree.Src("sparse.bin");
        await using (var stream = new FileStream(path, FileMode.CreateNew))
        {
            stream.Write("head"u8);
            stream.SetLength(3 * MiB);
            stream.Position = (2 * MiB) + 7;
            stream.Write("tail"u8);
        }

        using var handle = File.OpenHandle(path);
        var file = new LocalSourceFile(handle, StatInfo.Get(handle, string.Empty, "sparse.bin"), "sparse.bin", hashWhileReading: false);

        var prefix = await file.HashPrefixAsync((2 * MiB) + 9, CancellationToken.None);

        Assert.Equal(SHA256.HashData((await File.ReadAllBytesAsync(path)).AsSpan(0, (2 * MiB) + 9)), prefix);
    }

    [Fact]
    public async Task AdoptFile_WhenStagedOnTheSameFileSystem_LinksTheStagedFileInWithItsMetadataInsteadOfCopying()
    {
        var staged = Path.Combine(_tree.Outside, "upload.part");
        var data = RandomBytes(3 * MiB, seed: 2);
        await File.WriteAllBytesAsync(staged, data);
        var mtime = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc);
        using var target = new LocalDirectoryTarget(_tree.Target, _tree.Access);

        await target.AdoptFileAsync("big.bin", Metadata(mtime), staged, data.Length, CancellationToken.None);

        Assert.Equal(Inode(staged), Inode(_tree.Dst("big.bin")));
        Assert.Equal(data, await File.ReadAllBytesAsync(_tree.Dst("big.bin")));
        Assert.Equal(mtime, File.GetLastWriteTimeUtc(_tree.Dst("big.bin")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(_tree.Dst("big.bin")));
        Assert.Empty(Directory.GetFiles(_tree.Target, LocalDirectoryTarget.TempPrefix + "*"));
    }

    [Fact]
    public async Task AdoptFile_WhenStagedOnAnotherFileSystem_CopiesItIntoPlace()
    {
        Directory.CreateDirectory(_otherFileSystem);
        Assert.NotEqual(SyncTestTree.RunText("stat", "-c", "%d", _otherFileSystem).Trim(), SyncTestTree.RunText("stat", "-c", "%d", _tree.Target).Trim());
        var staged = Path.Combine(_otherFileSystem, "upload.part");
        var data = RandomBytes(3 * MiB, seed: 3);
        await File.WriteAllBytesAsync(staged, data);
        using var target = new LocalDirectoryTarget(_tree.Target, _tree.Access);

        await target.AdoptFileAsync("big.bin", Metadata(DateTime.UnixEpoch.AddDays(1)), staged, data.Length, CancellationToken.None);

        Assert.Equal(data, await File.ReadAllBytesAsync(_tree.Dst("big.bin")));
        Assert.Empty(Directory.GetFiles(_tree.Target, LocalDirectoryTarget.TempPrefix + "*"));
    }

    [Fact]
    public async Task AdoptFile_WhenTheStagedFileHasAnotherLength_FailsAndLeavesWhatWasThere()
    {
        var staged = Path.Combine(_tree.Outside, "short.part");
        await File.WriteAllBytesAsync(staged, RandomBytes(MiB, seed: 4));
        using var target = new LocalDirectoryTarget(_tree.Target, _tree.Access);
        await File.WriteAllTextAsync(_tree.Dst("big.bin"), "old");

        var error = await Assert.ThrowsAsync<IOException>(() => target.AdoptFileAsync("big.bin", Metadata(DateTime.UnixEpoch), staged, 2 * MiB, CancellationToken.None));

        Assert.Contains("not the 2097152 sent", error.Message, StringComparison.Ordinal);
        Assert.Equal("old", await File.ReadAllTextAsync(_tree.Dst("big.bin")));
    }

    private static EntryMetadata Metadata(DateTime mtime)
        => new(0b110_100_000, (mtime - DateTime.UnixEpoch).Ticks * 100, 0, 0, Preserve: true);

    private static string Inode(string path) => SyncTestTree.RunText("stat", "-c", "%i", path).Trim();

    private static byte[] RandomBytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }
}
