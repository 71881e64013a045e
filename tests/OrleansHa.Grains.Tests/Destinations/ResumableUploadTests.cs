using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansHa.Destinations;
using OrleansHa.Grains.Destinations;
using OrleansHa.Grains.Tests.Monitor;
using OrleansHa.Security;
using OrleansHa.Sync;

namespace OrleansHa.Grains.Tests.Destinations;

/// <summary>
/// Resumable transfers over the <c>silo</c> transport (issue 11, deliver 2): the receiver's staged uploads, their
/// durable watermark and its check by hash, and runs that resume after the sender was stopped.
/// </summary>
public sealed class ResumableUploadTests : IAsyncLifetime
{
    private const int MiB = 1 << 20;
    private static readonly ReplicaMetadata Metadata = new(0b110_100_100, 1_700_000_000_000_000_000, 0, 0, Preserve: true);

    // Durable grain storage: a test restarts the silo and needs its users back.
    private readonly MonitorCluster _cluster = new(storage: MonitorCluster.DurableStorage);

    public Task InitializeAsync() => _cluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Resume_WhenChunksArrivedOutOfOrder_OffersOnlyTheContiguousPrefixWithItsHash()
    {
        var receiver = await ReceiverAsync("res1");
        var data = RandomBytes((3 * MiB) + 5, seed: 1);

        var first = await receiver.ResumeFileAsync("big.bin", Metadata, data.Length);
        await receiver.WriteChunkAsync(first.Upload, MiB, data[MiB..(2 * MiB)]);
        await receiver.WriteChunkAsync(first.Upload, 2 * MiB, data[(2 * MiB)..]);
        var gap = await receiver.ResumeFileAsync("big.bin", Metadata, data.Length);
        await receiver.WriteChunkAsync(gap.Upload, MiB, data[MiB..(2 * MiB)]);
        await receiver.WriteChunkAsync(gap.Upload, 0, data[..MiB]);
        var joined = await receiver.ResumeFileAsync("big.bin", Metadata, data.Length);

        Assert.Equal(0, first.DurableLength);
        Assert.Equal(0, gap.DurableLength);
        Assert.Equal(2 * MiB, joined.DurableLength);
        Assert.Equal(SHA256.HashData(data.AsSpan(0, 2 * MiB)), joined.PrefixSha256);
    }

    [Fact]
    public async Task WriteChunkAndCommit_ByAnotherUserWithTheUploadsId_AreRefused()
    {
        var receiver = await ReceiverAsync("res7");
        await _cluster.AddUserAsync("mallory7");
        var data = RandomBytes(2 * MiB, seed: 7);
        var upload = (await receiver.ResumeFileAsync("big.bin", Metadata, data.Length)).Upload;

        MonitorCluster.AsUser("mallory7");
        await Assert.ThrowsAsync<AccessDeniedException>(() => receiver.WriteChunkAsync(upload, 0, data[..MiB]));
        MonitorCluster.AsUser("mallory7");
        await Assert.ThrowsAsync<AccessDeniedException>(() => receiver.CommitFileAsync(upload));
        MonitorCluster.AsAdmin();
        await receiver.WriteChunkAsync(upload, 0, data[..MiB]); // still open: the refused commit did not end it
        var offer = await receiver.ResumeFileAsync("big.bin", Metadata, data.Length);

        Assert.Equal(MiB, offer.DurableLength); // the owner's chunk, and not the refused one's
        Assert.Equal(SHA256.HashData(data.AsSpan(0, MiB)), offer.PrefixSha256);
    }

    [Fact]
    public async Task Resume_AfterTheSiloRestarted_OffersWhatTheUploadReceived()
    {
        var receiver = await ReceiverAsync("res2");
        var data = RandomBytes(3 * MiB, seed: 2);
        var upload = await receiver.ResumeFileAsync("big.bin", Metadata, data.Length);
        await receiver.WriteChunkAsync(upload.Upload, 0, data[..(2 * MiB)]);

        await _cluster.RestartAsync();
        MonitorCluster.AsAdmin();
        receiver = _cluster.Client.GetGrain<IReplicaReceiverGrain>(receiver.GetPrimaryKeyString());
        var offer = await receiver.ResumeFileAsync("big.bin", Metadata, data.Length);
        await receiver.WriteChunkAsync(offer.Upload, 2 * MiB, data[(2 * MiB)..]);
        await receiver.CommitFileAsync(offer.Upload);

        Assert.Equal(2 * MiB, offer.DurableLength);
        Assert.Equal(data, await File.ReadAllBytesAsync(Path.Combine(TargetRoot("res2"), "big.bin")));
        Assert.Empty(Directory.GetFiles(_cluster.Options.StagingDirectory));
    }

    [Fact]
    public async Task Resume_WhenTheSourceChangedSince_StartsOverAndReplacesTheStagedFile()
    {
        var receiver = await ReceiverAsync("res3");
        var data = RandomBytes(2 * MiB, seed: 3);
        var upload = await receiver.ResumeFileAsync("big.bin", Metadata, data.Length);
        await receiver.WriteChunkAsync(upload.Upload, 0, data[..MiB]);

        var touched = await receiver.ResumeFileAsync("big.bin", Metadata with { MtimeNanoseconds = Metadata.MtimeNanoseconds + 1 }, data.Length);
        var again = await receiver.ResumeFileAsync("big.bin", Metadata, data.Length);
        var grown = await receiver.ResumeFileAsync("big.bin", Metadata, data.Length + 1);

        Assert.Equal(0, touched.DurableLength);
        Assert.Equal(0, again.DurableLength);
        Assert.Equal(0, grown.DurableLength);
        Assert.Equal(2, Directory.GetFiles(_cluster.Options.StagingDirectory).Length); // one upload's data and state
    }

    [Fact]
    public async Task Resume_WhenAStagedUploadIsOlderThanTheRetention_RemovesItAndKeepsTheOthers()
    {
        var receiver = await ReceiverAsync("res4");
        var old = await receiver.ResumeFileAsync("old.bin", Metadata, 2 * MiB);
        await receiver.WriteChunkAsync(old.Upload, 0, RandomBytes(MiB, seed: 4));
        var recent = await receiver.ResumeFileAsync("recent.bin", Metadata, 2 * MiB);
        await receiver.WriteChunkAsync(recent.Upload, 0, RandomBytes(MiB, seed: 5));
        await receiver.ResumeFileAsync("third.bin", Metadata, 2 * MiB); // closes nothing: each file has its own upload
        var staging = _cluster.Options.StagingDirectory;
        var oldName = StagedName("old.bin");
        var now = _cluster.Clock.UtcNow.UtcDateTime;
        foreach (var file in Directory.GetFiles(staging, oldName + ".*"))
        {
            File.SetLastWriteTimeUtc(file, now - TimeSpan.FromDays(8));
        }

        foreach (var file in Directory.GetFiles(staging).Where(f => !Path.GetFileName(f).StartsWith(oldName, StringComparison.Ordinal)))
        {
            File.SetLastWriteTimeUtc(file, now - TimeSpan.FromDays(6));
        }

        await receiver.ResumeFileAsync("fourth.bin", Metadata, 2 * MiB);

        Assert.Empty(Directory.GetFiles(staging, oldName + ".*"));
        Assert.Equal(2, Directory.GetFiles(staging, StagedName("recent.bin") + ".*").Length);
    }

    [Fact]
    public async Task Run_WhenTheSenderStopsMidTransfer_TheNextRunSendsOnlyTheRestAndTheTargetIsIdentical()
    {
        var receiver = await ReceiverAsync("res5");
        var (source, data) = SourceFile("res5", 12 * MiB, seed: 6);
        using var stop = new CancellationTokenSource();
        var stopping = new CountingThrottle(stopAfter: 6 * MiB, stop);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RunAsync("res5", source, new RemoteSyncTarget(receiver, stopping), stop.Token));
        var counting = new CountingThrottle();
        var report = await RunAsync("res5", source, new RemoteSyncTarget(receiver, counting), CancellationToken.None);

        Assert.Empty(report.Failures);
        Assert.InRange(report.ResumedBytes, MiB, data.Length - MiB);
        Assert.Equal(data.Length - report.ResumedBytes, counting.Bytes);
        Assert.Equal(data, await File.ReadAllBytesAsync(Path.Combine(TargetRoot("res5"), "big.bin")));
        Assert.Empty(Directory.GetFiles(_cluster.Options.StagingDirectory));
    }

    [Fact]
    public async Task Run_WhenTheStagedPrefixWasDamaged_TheHashCatchesItAndTheWholeFileIsSentAgain()
    {
        var receiver = await ReceiverAsync("res6");
        var (source, data) = SourceFile("res6", 12 * MiB, seed: 7);
        using var stop = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RunAsync("res6", source, new RemoteSyncTarget(receiver, new CountingThrottle(6 * MiB, stop)), stop.Token));
        // A first run stopped half-way, then its staged data damaged (a bad disk, someone's edit): the offer no longer
        // matches the source, whatever the watermark says.
        var staged = Path.Combine(_cluster.Options.StagingDirectory, StagedName("big.bin") + ".part");
        await using (var file = new FileStream(staged, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = 1000;
            file.WriteByte((byte)(data[1000] ^ 0xff));
        }

        var counting = new CountingThrottle();
        var report = await RunAsync("res6", source, new RemoteSyncTarget(receiver, counting), CancellationToken.None);

        Assert.Empty(report.Failures);
        Assert.Equal(0, report.ResumedBytes);
        Assert.Equal(data.Length, counting.Bytes);
        Assert.Equal(data, await File.ReadAllBytesAsync(Path.Combine(TargetRoot("res6"), "big.bin")));
    }

    [Theory]
    [InlineData("res8", false)]
    [InlineData("res9", true)]
    public async Task Run_WhenTheReceiverReactivatesOnASiloWithoutTheStagedUpload_TheNextRunSendsTheWholeFileWithoutAnOffer(string user, bool keepDataWithoutState)
    {
        var receiver = await ReceiverAsync(user);
        var (source, data) = SourceFile(user, 12 * MiB, seed: 8);
        using var stop = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RunAsync(user, source, new RemoteSyncTarget(receiver, new CountingThrottle(6 * MiB, stop)), stop.Token));
        // Staged uploads live in the receiving silo's own folder: on the silo the receiver comes back on there is none
        // (or, after a crash between the two files, the data without the state that says how much of it is good). The
        // activation goes first: closing, it makes its upload durable on its own silo's disk.
        var name = StagedName("big.bin");
        await _cluster.Cluster.DeactivateAsync(receiver);
        foreach (var file in Directory.GetFiles(_cluster.Options.StagingDirectory, name + ".*"))
        {
            if (!keepDataWithoutState || file.EndsWith(".state", StringComparison.Ordinal))
            {
                File.Delete(file);
            }
        }

        MonitorCluster.AsAdmin();
        await receiver.OpenAsync(durable: true, epoch: 0);
        var counting = new CountingThrottle();
        var report = await RunAsync(user, source, new RemoteSyncTarget(receiver, counting), CancellationToken.None);

        Assert.Empty(report.Failures);
        Assert.Equal(0, report.ResumedBytes);
        Assert.Equal(data.Length, counting.Bytes);
        Assert.Equal(data, await File.ReadAllBytesAsync(Path.Combine(TargetRoot(user), "big.bin")));
        Assert.Empty(Directory.GetFiles(_cluster.Options.StagingDirectory, name + ".*"));
    }

    private async Task<IReplicaReceiverGrain> ReceiverAsync(string user)
    {
        await _cluster.AddUserAsync(user);
        MonitorCluster.AsAdmin();
        var receiver = _cluster.Client.GetGrain<IReplicaReceiverGrain>($"{user}|{TargetRoot(user)}");
        await receiver.OpenAsync(durable: true, epoch: 0);
        return receiver;
    }

    private string TargetRoot(string user) => Path.Combine(_cluster.Root, "home", user, "replica");

    /// <summary>The staging name of a file's upload, found by the relative path its state file ends with.</summary>
    private string StagedName(string path)
    {
        var state = Directory.GetFiles(_cluster.Options.StagingDirectory, "upload-*.state")
            .Single(f => File.ReadAllText(f).EndsWith("\n" + path, StringComparison.Ordinal));
        return Path.GetFileNameWithoutExtension(state);
    }

    private (string Source, byte[] Data) SourceFile(string user, int length, int seed)
    {
        var source = _cluster.Folder("home", user, "docs");
        var data = RandomBytes(length, seed);
        File.WriteAllBytes(Path.Combine(source, "big.bin"), data);
        return (source, data);
    }

    private Task<SyncReport> RunAsync(string user, string source, RemoteSyncTarget target, CancellationToken cancellationToken)
    {
        var spec = new FileSetSpec(source, [], [], new SyncOptions());
        var scope = new AccessScope([Path.Combine(_cluster.Root, "home", user)]);
        var manifest = Path.Combine(_cluster.Root, "checkpoints", user + ".manifest");
        return new SyncEngine(NullLogger<SyncEngine>.Instance, TimeProvider.System).RunAsync(new SyncRequest(spec, target, scope, manifest), null, cancellationToken);
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    /// <summary>Counts the bytes a target paces (what it put on the link); with a limit, stops the run once it was passed.</summary>
    private sealed class CountingThrottle(long stopAfter = long.MaxValue, CancellationTokenSource? stop = null) : ITransferThrottle
    {
        private long _bytes;

        public long Bytes => Interlocked.Read(ref _bytes);

        public ValueTask WaitAsync(long bytes, int priority, CancellationToken cancellationToken)
        {
            if (Interlocked.Add(ref _bytes, bytes) > stopAfter)
            {
                stop?.Cancel();
            }

            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.CompletedTask;
        }
    }
}
