namespace OrleansHa.Sync;

/// <summary>
/// Paces the bytes a run puts on the link to a destination (its bandwidth limit). A target that sends over a link asks
/// before each send: every chunk and small file of a full copy, the literal data of a delta transfer; data the other
/// side already holds (matched blocks, a resumed prefix) is not asked for. Safe for concurrent use by the copies of one
/// run and by several runs to the same destination.
/// </summary>
public interface ITransferThrottle
{
    /// <summary>
    /// Completes when <paramref name="bytes"/> may be sent. Waiters of a higher <paramref name="priority"/> are served
    /// first; equal priorities in arrival order.
    /// </summary>
    ValueTask WaitAsync(long bytes, int priority, CancellationToken cancellationToken);
}
