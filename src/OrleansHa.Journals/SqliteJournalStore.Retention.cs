using System.Globalization;

namespace OrleansHa.Journals;

/// <summary>
/// Retention: record history and activity older than <see cref="JournalStoreOptions.HistoryRetention"/>, once-a-day
/// marks older than <see cref="JournalStoreOptions.MarkRetention"/> and request ids older than
/// <see cref="JournalStoreOptions.RequestIdRetention"/> are deleted every <see cref="JournalStoreOptions.PruneInterval"/>,
/// as one write of the writer (so it shares a group commit and never races an append). Entries, receivers' positions
/// and records are never pruned here: entries leave only once every receiver has them.
/// </summary>
public sealed partial class SqliteJournalStore
{
    /// <summary>The prune the timer started last, done once the next one is scheduled (null before the first tick).</summary>
    public Task<JournalPruneResult>? LastPrune { get; private set; }

    /// <summary>Deletes what is past its retention now; returns how many rows of each kind went.</summary>
    public Task<JournalPruneResult> PruneAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var historyCutoff = (now - _options.HistoryRetention).UtcTicks;
        var markCutoff = (now - _options.MarkRetention).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var requestCutoff = (now - _options.RequestIdRetention).UtcTicks;
        return WriteAsync(
            "prune history, activity, marks and request ids",
            () => new JournalPruneResult(
                W("DELETE FROM history WHERE at < $0", historyCutoff).ExecuteNonQuery(),
                W("DELETE FROM activity WHERE at < $0", historyCutoff).ExecuteNonQuery(),
                W("DELETE FROM marks WHERE day < $0", markCutoff).ExecuteNonQuery(),
                W("DELETE FROM requests WHERE at < $0", requestCutoff).ExecuteNonQuery()),
            cancellationToken);
    }

    // One-shot and re-armed after each prune, so prunes never pile up behind a slow one (or a clock that jumps).
    private async Task<JournalPruneResult> PruneAndRescheduleAsync()
    {
        try
        {
            return await PruneAsync(CancellationToken.None);
        }
        finally
        {
            if (Volatile.Read(ref _disposed) == 0)
            {
                try
                {
                    _pruner.Change(_options.PruneInterval, Timeout.InfiniteTimeSpan);
                }
                catch (ObjectDisposedException)
                {
                    // Closed meanwhile: nothing left to prune.
                }
            }
        }
    }
}
