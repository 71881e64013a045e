using System.Diagnostics;
using OrleansHa.Sync;

namespace OrleansHa.Benchmarks;

public sealed partial class SyncBenchmarks
{
    private static void ModifyPercent(string root, int count, int round)
    {
        var random = new Random(round);
        var buffer = new byte[4096];
        for (var i = round % 100; i < count; i += 100)
        {
            var path = Path.Combine(root, $"dir-{i % 100:D3}", $"file-{i:D6}.dat");
            random.NextBytes(buffer);
            File.WriteAllBytes(path, buffer.AsSpan(0, 1024 + random.Next(3073)).ToArray());
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(round)); // distinct from the last run's time, also for rsync's 1-second check
        }
    }

    private static void CreateBigFiles(string root, int count, long size)
    {
        Directory.CreateDirectory(root);
        var random = new Random(5);
        var buffer = new byte[1 << 20];
        for (var i = 0; i < count; i++)
        {
            using var file = new FileStream(Path.Combine(root, $"big-{i}.bin"), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
            for (long written = 0; written < size; written += buffer.Length)
            {
                random.NextBytes(buffer);
                file.Write(buffer);
            }
        }
    }

    private static void Clean(params string[] paths)
    {
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
            else if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
    }

    /// <summary>Memory of a 1,000,000-entry manifest in memory (managed heap growth) and its size on disk.</summary>
    private static IEnumerable<BenchmarkResult> ManifestMemory(BenchmarkContext context, string work)
    {
        const int Entries = 1_000_000;
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var table = new EntryTable();
        for (var i = 0; i < Entries; i++)
        {
            // Typical paths: about 45 bytes each.
            table.Add($"projects/team-{i % 100:D3}/module-{i % 1000:D4}/file-{i:D7}.dat", SyncEntryKind.File, 1024 + (i % 3000), 1_700_000_000_000_000_000 + i, 420);
        }

        table.Sort();
        var built = GC.GetTotalMemory(forceFullCollection: true) - before;
        var path = Path.Combine(work, "state", "million.bin");
        var watch = Stopwatch.StartNew();
        ManifestFile.Write(table, path, durable: true);
        var writeSeconds = watch.Elapsed.TotalSeconds;
        var fileBytes = new FileInfo(path).Length;
        GC.KeepAlive(table);
        table = null;
        GC.Collect();
        before = GC.GetTotalMemory(forceFullCollection: true);
        watch.Restart();
        var read = ManifestFile.Read(path)!;
        var readSeconds = watch.Elapsed.TotalSeconds;
        var loaded = GC.GetTotalMemory(forceFullCollection: true) - before;
        GC.KeepAlive(read);
        File.Delete(path);
        context.Log.WriteLine($"[sync] manifest: built {built / 1e6:0.0} MB, loaded {loaded / 1e6:0.0} MB, file {fileBytes / 1e6:0.0} MB, write {writeSeconds:0.00} s, read {readSeconds:0.00} s");
        yield return new BenchmarkResult("manifest of 1,000,000 entries in memory (built)", built / 1e6, null, "MB", "-", "≤ 300 MB", built <= 300e6);
        yield return new BenchmarkResult("manifest of 1,000,000 entries in memory (loaded)", loaded / 1e6, null, "MB", "-", "≤ 300 MB", loaded <= 300e6);
        yield return new BenchmarkResult("manifest of 1,000,000 entries on disk", fileBytes / 1e6, null, "MB", "-", "-", null);
    }
}
