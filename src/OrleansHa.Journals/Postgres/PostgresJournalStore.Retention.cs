using System.Globalization;

namespace OrleansHa.Journals;

/// <summary>
/// Retention, as the SQLite store has it: record history and activity older than
/// <see cref="PostgresJournalStoreOptions.HistoryRetention"/>, once-a-day marks older than
/// <see cref="PostgresJournalStoreOptions.MarkRetention"/> and request ids older than
/// <see cref="PostgresJournalStoreOptions.RequestIdRetention"/> are deleted every
/// <see cref="PostgresJournalStoreOptions.PruneInterval"/>, in one transaction. Every silo prunes; the deletes are
/// idempotent, and a second silo's prune finds little left. Entries, receivers' positions and records are never pruned
/// here: entries leave only once every receiver has them.
/// </summary>
public sealed partial class PostgresJournalStore
{
    /// <summary>The prune the timer started last, done once the next one is scheduled (null before the first tick).</summary>
    public Task<JournalPruneResult>? LastPrune { get; private set; }

    /// <summary>Deletes what is past its retention now; returns how many rows of each kind went.</summary>
    public async Task<JournalPruneResult> PruneAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var historyCutoff = (now - _options.HistoryRetention).UtcTicks;
        var markCutoff = (now - _options.MarkRetention).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var requestCutoff = (now - _options.RequestIdRetention).UtcTicks;
        return await WriteAsync(
            "prune history, activity, marks and request ids",
            async (session, ct) => new JournalPruneResult(
                await session.ExecuteAsync("DELETE FROM history WHERE at < $1", ct, historyCutoff),
                await session.ExecuteAsync("DELETE FROM activity WHERE at < $1", ct, historyCutoff),
                await session.ExecuteAsync("DELETE FROM marks WHERE day < $1", ct, markCutoff),
                await session.ExecuteAsync("DELETE FROM requests WHERE at < $1", ct, requestCutoff)),
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
