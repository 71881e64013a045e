using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansHa.Benchmarks.Gateway;
using OrleansHa.Grains.Destinations;
using OrleansHa.Sync;

namespace OrleansHa.Benchmarks.Transport;

/// <summary>
/// A large file over the <c>silo</c> transport beside <c>cp</c> of the same file in the same run: the sync engine, as a
/// sync worker runs it, copies the file to a second system (a silo as it ships, in this process: TLS gateway, session
/// token, call guard) through <see cref="RemoteSyncTarget"/>, 1 MiB chunk calls to that system's replica receiver,
/// which stages the chunks and then writes the file into place. Neither side is durable (cp does not fsync).
/// </summary>
public sealed class SiloTransportSuite : IBenchmarkSuite
{
    /// <inheritdoc />
    public string Name => "transport";

    /// <inheritdoc />
    public string Description => "a large file over the silo transport (a second system's TLS gateway) beside cp of the same file, MB/s";

    /// <inheritdoc />
    public string Note => "MB = 10^6 bytes; each figure the best of the rounds (ours and cp alternate, the page cache's dirty data written out before each). "
        + "The receiver writes the file twice (staging, then into place), cp once. Target: ≥ 100 MB/s for the silo transport.";

    /// <inheritdoc />
    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var size = context.Quick ? 256L << 20 : 1L << 30;
        var rounds = context.Quick ? 1 : 2;
        var root = Directory.CreateDirectory(Path.Combine(context.WorkDirectory, "transport")).FullName;
        var source = Directory.CreateDirectory(Path.Combine(root, "src")).FullName;
        var file = Path.Combine(source, "large.bin");
        context.Log.WriteLine($"[transport] writing a {size >> 20} MiB file");
        WriteFile(file, size);

        context.Log.WriteLine("[transport] starting system BACKUP (TLS) and connecting to its gateway");
        await using var backup = await SecuredSilo.StartAsync(Path.Combine(root, "backup-system"), "BACKUP", cancellationToken);
        await using var connection = await backup.ConnectAsync(cancellationToken);
        var destination = Path.Combine(root, "dest");
        var cpFolder = Directory.CreateDirectory(Path.Combine(root, "cp")).FullName;

        var ours = new List<double>();
        var cp = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            for (var side = 0; side < 2; side++)
            {
                Tool.Run("sync", []);
                if ((side + round) % 2 == 0)
                {
                    var target = $"run{round}";
                    var receiver = await ChunkReceivers.OpenReceiverAsync(connection.Client, destination, target);
                    var engine = new SyncEngine(NullLogger<SyncEngine>.Instance, TimeProvider.System);
                    var request = new SyncRequest(new FileSetSpec(source, [], [], new SyncOptions(Durable: false)), new RemoteSyncTarget(receiver), new AccessScope([root]), Path.Combine(root, $"manifest-{round}.bin"));
                    var collections = GC.CollectionCount(2);
                    var watch = Stopwatch.StartNew();
                    var report = await engine.RunAsync(request, null, cancellationToken);
                    ours.Add(watch.Elapsed.TotalSeconds);
                    collections = GC.CollectionCount(2) - collections;
                    if (report.Failures.Count > 0)
                    {
                        throw new InvalidOperationException($"The silo transport failed on {report.Failures[0].Path}: {report.Failures[0].Reason}");
                    }

                    var copied = new FileInfo(Path.Combine(destination, target, "large.bin"));
                    if (!copied.Exists || copied.Length != size)
                    {
                        throw new InvalidOperationException($"The silo transport left {(copied.Exists ? copied.Length : 0)} of {size} bytes at {copied.FullName}.");
                    }

                    Directory.Delete(Path.Combine(destination, target), recursive: true);
                    context.Log.WriteLine($"[transport] round {round + 1}: silo transport {size / 1e6 / ours[^1]:F0} MB/s ({ours[^1]:F2} s, {collections} gen2 collections in this process, both systems' sides included)");
                }
                else
                {
                    var copy = Path.Combine(cpFolder, "large.bin");
                    var watch = Stopwatch.StartNew();
                    Tool.Run("cp", [file, copy]);
                    cp.Add(watch.Elapsed.TotalSeconds);
                    File.Delete(copy);
                    context.Log.WriteLine($"[transport] round {round + 1}: cp {size / 1e6 / cp[^1]:F0} MB/s ({cp[^1]:F2} s)");
                }
            }
        }

        var oursRate = size / 1e6 / ours.Min();
        var cpRate = size / 1e6 / cp.Min();
        return [new BenchmarkResult($"{size >> 20} MiB file over the silo transport (TLS)", oursRate, cpRate, "MB/s", "cp of the same file", "≥ 100 MB/s", oursRate >= 100)];
    }

    /// <summary>A file of pseudo-random bytes (one random MiB repeated, each MiB stamped with its index).</summary>
    private static void WriteFile(string path, long size)
    {
        var block = new byte[1 << 20];
        Random.Shared.NextBytes(block);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        for (long offset = 0, index = 0; offset < size; offset += block.Length, index++)
        {
            BitConverter.TryWriteBytes(block.AsSpan(0, 8), index);
            stream.Write(block, 0, (int)Math.Min(block.Length, size - offset));
        }
    }
}
