namespace OrleansHa.Runtime.Engine;

/// <summary>
/// Inline turns: when a grain calls an idle activation, the callee's turn runs at once on the caller's thread instead of
/// going through the thread pool. The callee owns its context for that time (no one else can run it), the caller's code
/// is paused inside the call, so each activation still runs one turn at a time. A callee that completes synchronously
/// costs no thread hop at all; one that awaits resumes in its own context as usual. Depth is bounded so a chain of
/// calls cannot grow the stack without limit, and every 16th call on a thread takes the pool: a grain calling in a
/// loop whose calls all complete inline would otherwise never yield its thread to other grains.
/// </summary>
internal sealed partial class ActivationData
{
    private const int MaxInlineDepth = 4;

    [ThreadStatic]
    private static int t_inlineDepth;

    [ThreadStatic]
    private static int t_inlineRuns;

    // Called with _lock held: this activation is idle and unscheduled, and the caller is a grain turn with depth to spare.
    private bool CanRunInlineLocked()
        => !_scheduled && _work is not { Count: > 0 } && t_inlineDepth < MaxInlineDepth && Current is ActivationData
            && (++t_inlineRuns & 15) != 0;

    private void RunInline(WorkRequest request)
    {
        var previous = Current;
        SetSynchronizationContext(this);
        t_inlineDepth++;
        try
        {
            Run(new WorkItem(null, request));
        }
        finally
        {
            t_inlineDepth--;
            SetSynchronizationContext(previous);
        }

        // Work posted meanwhile (e.g. a continuation) runs through the pool as usual.
        bool more;
        lock (_lock)
        {
            more = _work is { Count: > 0 };
            _scheduled = more;
        }

        if (more)
        {
            QueueOnThreadPool();
        }
    }
}
