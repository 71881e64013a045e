using OrleansHa.Destinations;
using OrleansHa.Security;
using OrleansHa.Users;

namespace OrleansHa.Benchmarks.Gateway;

/// <summary>
/// Receivers of the <c>silo</c> transport on a system, as a sending silo opens them: a user <see cref="UserName"/>
/// whose one root is a folder of the run, owned by whoever runs the benchmark.
/// </summary>
internal static class ChunkReceivers
{
    public const string UserName = "bench";
    public const int ChunkBytes = 1 << 20;

    /// <summary>Defines the user (roots: <paramref name="root"/>) and opens a receiver under it.</summary>
    public static async Task<IReplicaReceiverGrain> OpenReceiverAsync(IGrainFactory factory, string root, string target)
    {
        Directory.CreateDirectory(root);
        var (uid, gid) = CurrentOwner();
        CallerPrincipal.ActAs("admin", administrator: true);
        await factory.GetGrain<IUserGrain>(UserName).DefineAsync(new UserDefinition(UserName, uid, gid, 5, [root]), allowUpdate: true);
        var receiver = factory.GetGrain<IReplicaReceiverGrain>($"{UserName}|{Path.Combine(root, target)}");
        await receiver.OpenAsync(durable: false, epoch: 0);
        return receiver;
    }

    /// <summary><paramref name="count"/> receivers, each with an upload of one chunk begun.</summary>
    public static async Task<(IReplicaReceiverGrain Receiver, Guid Upload)[]> OpenAsync(IGrainFactory factory, string root, int count)
    {
        var receivers = new (IReplicaReceiverGrain, Guid)[count];
        for (var i = 0; i < count; i++)
        {
            var receiver = await OpenReceiverAsync(factory, root, $"r{i}");
            var metadata = new ReplicaMetadata(0b110_100_100, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000, 0, 0, Preserve: false);
            receivers[i] = (receiver, await receiver.BeginFileAsync("chunk.bin", metadata, ChunkBytes));
        }

        return receivers;
    }

    /// <summary>The uid and gid of this process (from /proc), so the files written belong to the one who runs it.</summary>
    private static (int Uid, int Gid) CurrentOwner()
    {
        var lines = File.ReadAllLines("/proc/self/status");
        static int First(string line) => int.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        return (First(lines.First(l => l.StartsWith("Uid:", StringComparison.Ordinal))), First(lines.First(l => l.StartsWith("Gid:", StringComparison.Ordinal))));
    }
}
