using System.Globalization;
using OrleansHa.Journals;

namespace OrleansHa.Benchmarks.Journals;

/// <summary>The rows every measurement uses: small Puts with two fields over a rolling key space.</summary>
internal static class JournalWorkload
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The change numbered <paramref name="n"/> (from 1): keys cycle over 100,000 records, timestamps always grow.</summary>
    public static JournalChange Change(long n)
        => JournalChange.Put(
            "user-" + (n % 100_000).ToString("D6", CultureInfo.InvariantCulture),
            Epoch.AddTicks(n * 10),
            new() { ["name"] = "u" + n.ToString(CultureInfo.InvariantCulture), ["lastAccess"] = "2026-11-21" });

    /// <summary>Changes <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> - 1.</summary>
    public static JournalChange[] Batch(long first, int count)
    {
        var batch = new JournalChange[count];
        for (var i = 0; i < count; i++)
        {
            batch[i] = Change(first + i);
        }

        return batch;
    }
}
