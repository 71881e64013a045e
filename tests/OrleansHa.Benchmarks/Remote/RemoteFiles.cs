namespace OrleansHa.Benchmarks.Remote;

/// <summary>The remote suite's data and checks. Content is random throughout, so no block of a file repeats another.</summary>
internal static class RemoteFiles
{
    private const int MiB = 1 << 20;

    /// <summary>A file of <paramref name="size"/> random bytes (seeded, so runs are alike).</summary>
    public static void WriteRandom(string path, long size, int seed)
    {
        var random = new Random(seed);
        var block = new byte[MiB];
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, MiB);
        for (long offset = 0; offset < size; offset += block.Length)
        {
            random.NextBytes(block);
            stream.Write(block, 0, (int)Math.Min(block.Length, size - offset));
        }
    }

    /// <summary>Rewrites the MiB at <paramref name="offset"/> with new random bytes and moves the modification time on.</summary>
    public static void RewriteMiB(string path, long offset, int seed)
    {
        var block = new byte[MiB];
        new Random(seed).NextBytes(block);
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None))
        {
            stream.Position = offset;
            stream.Write(block);
        }

        // A time no earlier run saw, also for rsync's whole-second comparison.
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(seed));
    }

    /// <summary><paramref name="count"/> files of 1–4 KiB spread over 100 directories.</summary>
    public static void CreateSmallTree(string root, int count, int seed)
    {
        var random = new Random(seed);
        var buffer = new byte[4096];
        for (var i = 0; i < count; i++)
        {
            var directory = Path.Combine(root, $"dir-{i % 100:D3}");
            if (i < 100)
            {
                Directory.CreateDirectory(directory);
            }

            random.NextBytes(buffer);
            File.WriteAllBytes(Path.Combine(directory, $"file-{i:D6}.dat"), buffer.AsSpan(0, 1024 + random.Next(3073)).ToArray());
        }
    }

    /// <summary>Throws unless <paramref name="copy"/> holds the same bytes as <paramref name="original"/> (cmp).</summary>
    public static void Same(string original, string copy) => Tool.Run("cmp", [original, copy]);

    /// <summary>Throws unless both trees hold <paramref name="count"/> files.</summary>
    public static void SameCount(int count, params string[] roots)
    {
        foreach (var root in roots)
        {
            var found = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Count();
            if (found != count)
            {
                throw new InvalidOperationException($"{root} holds {found:N0} files after the first copy; the source has {count:N0}.");
            }
        }
    }

    /// <summary>The files under <paramref name="root"/> (hidden ones included) with their sizes, for the log.</summary>
    public static string Describe(string root)
    {
        if (!Directory.Exists(root))
        {
            return "nothing";
        }

        var files = new DirectoryInfo(root).EnumerateFiles("*", SearchOption.AllDirectories).Select(f => $"{Path.GetRelativePath(root, f.FullName)} {f.Length / 1e6:0.0} MB").ToList();
        return files.Count == 0 ? "no file" : string.Join(", ", files);
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
