using System.IO.Hashing;
using OrleansHa.Destinations;
using OrleansHa.Grains.Destinations;
using OrleansHa.Grains.Tests.Monitor;
using OrleansHa.Security;

namespace OrleansHa.Grains.Tests.Destinations;

/// <summary>The replica receiver's delta uploads (issue 11, item 1): built in batch order, checked by hash, the user's own.</summary>
public sealed class ReceiverDeltaTests : IAsyncLifetime
{
    private const int Size = 300_000;
    private readonly MonitorCluster _cluster = new();

    public Task InitializeAsync() => _cluster.StartAsync();

    public Task DisposeAsync() => _cluster.DisposeAsync().AsTask();

    [Fact]
    public async Task CommitDelta_WhenBatchesArriveOutOfOrder_BuildsTheNewVersion()
    {
        var (receiver, root, old) = await OpenWithFileAsync("delta1");
        var fresh = Changed(old);
        var signature = await SignatureAsync(receiver);

        MonitorCluster.AsUser("delta1");
        var upload = await receiver.BeginDeltaAsync("f.bin", Metadata, Size, signature.Length, signature.MtimeNanoseconds);
        Assert.NotNull(upload);
        var batches = Batches(fresh);
        MonitorCluster.AsUser("delta1");
        await receiver.WriteDeltaAsync(upload.Value, 2, batches[2]);
        MonitorCluster.AsUser("delta1");
        await receiver.WriteDeltaAsync(upload.Value, 0, batches[0]);
        MonitorCluster.AsUser("delta1");
        await receiver.WriteDeltaAsync(upload.Value, 1, batches[1]);
        var hash = XxHash128.HashToUInt128(fresh);
        MonitorCluster.AsUser("delta1");
        var built = await receiver.CommitDeltaAsync(upload.Value, 3, (ulong)(hash >> 64), (ulong)hash);

        Assert.True(built);
        Assert.Equal(fresh, await File.ReadAllBytesAsync(Path.Combine(root, "f.bin")));
        Assert.Empty(Directory.GetFiles(root, ".orleansha-partial-*"));
    }

    [Fact]
    public async Task CommitDelta_WhenTheResultDoesNotMatchTheHash_ReturnsFalseAndKeepsTheOldVersion()
    {
        var (receiver, root, old) = await OpenWithFileAsync("delta2");
        var fresh = Changed(old);
        var signature = await SignatureAsync(receiver);

        MonitorCluster.AsUser("delta2");
        var upload = (await receiver.BeginDeltaAsync("f.bin", Metadata, Size, signature.Length, signature.MtimeNanoseconds))!.Value;
        var batches = Batches(fresh);
        for (var i = 0; i < batches.Count; i++)
        {
            MonitorCluster.AsUser("delta2");
            await receiver.WriteDeltaAsync(upload, i, batches[i]);
        }

        var wrong = XxHash128.HashToUInt128(old);
        MonitorCluster.AsUser("delta2");
        var built = await receiver.CommitDeltaAsync(upload, batches.Count, (ulong)(wrong >> 64), (ulong)wrong);

        Assert.False(built);
        Assert.Equal(old, await File.ReadAllBytesAsync(Path.Combine(root, "f.bin")));
        Assert.Empty(Directory.GetFiles(root, ".orleansha-partial-*"));
    }

    [Fact]
    public async Task BeginDelta_WhenTheFileChangedSinceItsSignature_ReturnsNull()
    {
        var (receiver, root, _) = await OpenWithFileAsync("delta3");
        var signature = await SignatureAsync(receiver);
        File.SetLastWriteTimeUtc(Path.Combine(root, "f.bin"), new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        MonitorCluster.AsUser("delta3");
        var upload = await receiver.BeginDeltaAsync("f.bin", Metadata, Size, signature.Length, signature.MtimeNanoseconds);

        Assert.Null(upload);
    }

    [Fact]
    public async Task WriteDelta_ByAnotherUser_IsRefused()
    {
        var (receiver, _, old) = await OpenWithFileAsync("delta4");
        await _cluster.AddUserAsync("mallory4", 5, _cluster.Folder("home", "mallory4"));
        var signature = await SignatureAsync(receiver);
        MonitorCluster.AsUser("delta4");
        var upload = (await receiver.BeginDeltaAsync("f.bin", Metadata, Size, signature.Length, signature.MtimeNanoseconds))!.Value;

        MonitorCluster.AsUser("mallory4");
        await Assert.ThrowsAsync<AccessDeniedException>(() => receiver.WriteDeltaAsync(upload, 0, Batches(Changed(old))[0]));
        MonitorCluster.AsUser("mallory4");
        await Assert.ThrowsAsync<AccessDeniedException>(() => receiver.GetSignatureAsync("f.bin", 0, 16));
    }

    private static ReplicaMetadata Metadata => new(0b110_100_100, 1_700_000_000_000_000_000, 0, 0, Preserve: true);

    /// <summary>The old version with 1,000 bytes in its middle changed.</summary>
    private static byte[] Changed(byte[] old)
    {
        var fresh = (byte[])old.Clone();
        new Random(2).NextBytes(fresh.AsSpan(150_000, 1000));
        return fresh;
    }

    /// <summary>Three batches: a copy of the start, the changed bytes, a copy of the rest.</summary>
    private static List<IReadOnlyList<ReplicaDeltaOp>> Batches(byte[] fresh)
        =>
        [
            [new ReplicaDeltaOp(0, 150_000, 0, null)],
            [new ReplicaDeltaOp(150_000, 1000, -1, fresh[150_000..151_000])],
            [new ReplicaDeltaOp(151_000, Size - 151_000, 151_000, null)],
        ];

    private async Task<(IReplicaReceiverGrain Receiver, string Root, byte[] Old)> OpenWithFileAsync(string user)
    {
        var home = _cluster.Folder("home", user);
        await _cluster.AddUserAsync(user, 5, home);
        var root = Path.Combine(home, "in");
        var receiver = _cluster.Client.GetGrain<IReplicaReceiverGrain>($"{user}|{root}");
        MonitorCluster.AsUser(user);
        await receiver.OpenAsync(durable: false, epoch: 0);
        var old = new byte[Size];
        new Random(1).NextBytes(old);
        await File.WriteAllBytesAsync(Path.Combine(root, "f.bin"), old);
        return (receiver, root, old);
    }

    private static async Task<ReplicaSignature> SignatureAsync(IReplicaReceiverGrain receiver)
    {
        var user = receiver.GetPrimaryKeyString().Split('|')[0];
        MonitorCluster.AsUser(user);
        var page = await receiver.GetSignatureAsync("f.bin", 0, ReplicaReceiverGrain.MaxSignatureBlocks);
        Assert.NotNull(page);
        Assert.Equal(Size, page.Length);
        return page;
    }
}
