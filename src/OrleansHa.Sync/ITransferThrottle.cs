namespace OrleansHa.Sync;

/// <summary>
/// Paces the bytes a run puts on its way to the target (a destination's bandwidth limit). The engine asks before it
/// hands over file content: every chunk of a full copy, the literal data of a delta transfer; data a target already
/// holds (matched blocks, a resumed prefix) is not asked for. Safe for concurrent use by the copies of one run and by
/// several runs to the same destination.
/// </summary>
public interface ITransferThrottle
{
    /// <summary>
    /// Completes when <paramref name="bytes"/> may be sent. Waiters of a higher <paramref name="priority"/> are served
    /// first; equal priorities in arrival order.
    /// </summary>
    ValueTask WaitAsync(long bytes, int priority, CancellationToken cancellationToken);
}
