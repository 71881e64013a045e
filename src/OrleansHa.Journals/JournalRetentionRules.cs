namespace OrleansHa.Journals;

/// <summary>The retention settings both journal stores share, checked once for either: each message names the setting and what is allowed.</summary>
internal static class JournalRetentionRules
{
    /// <exception cref="ArgumentException">A retention setting is out of range.</exception>
    public static void Validate(string section, TimeSpan requestIdRetention, TimeSpan historyRetention, TimeSpan markRetention, TimeSpan pruneInterval)
    {
        if (requestIdRetention <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{section}:RequestIdRetention must be positive; it is {requestIdRetention}.");
        }

        if (historyRetention < TimeSpan.FromHours(1))
        {
            throw new ArgumentException($"{section}:HistoryRetention is {historyRetention}; allowed: at least 01:00:00.");
        }

        if (markRetention < TimeSpan.FromDays(2))
        {
            throw new ArgumentException($"{section}:MarkRetention is {markRetention}; allowed: at least 2.00:00:00 (a once-a-day mark must outlive its day in every time zone).");
        }

        if (pruneInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{section}:PruneInterval must be positive; it is {pruneInterval}.");
        }
    }
}
