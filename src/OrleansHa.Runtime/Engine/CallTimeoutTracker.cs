namespace OrleansHa.Runtime.Engine;

/// <summary>
/// Fails calls whose response did not arrive within their timeout with <see cref="TimeoutException"/>. Calls are kept in a
/// list swept periodically (cheaper than a timer per call). Expired calls are failed deepest chain first; a call whose
/// callee is still running it is given one more sweep when a deeper call in the same chain expired too, so that in a call
/// cycle the caller receives the precise message (naming the cycle) propagated from the deepest call.
/// </summary>
internal sealed class CallTimeoutTracker : IDisposable
{
    private readonly TimeProvider _time;
    private readonly RuntimeLog _log;
    private readonly ITimer _timer;
    private readonly Lock _lock = new();
    private List<GrainCallRequest> _pending = [];

    public CallTimeoutTracker(TimeProvider time, TimeSpan sweepPeriod, RuntimeLog log)
    {
        _time = time;
        _log = log;
        _timer = time.CreateTimer(static s => ((CallTimeoutTracker)s!).Sweep(), this, sweepPeriod, sweepPeriod);
    }

    public void Track(GrainCallRequest request, TimeSpan timeout)
    {
        request.Timeout = timeout;
        var ticks = timeout.TotalSeconds * _time.TimestampFrequency;
        request.Deadline = _time.GetTimestamp() + (long)Math.Min(ticks, long.MaxValue / 4.0);
        lock (_lock)
        {
            _pending.Add(request);
        }
    }

    public void Dispose() => _timer.Dispose();

    private void Sweep()
    {
        List<GrainCallRequest> batch;
        lock (_lock)
        {
            batch = _pending;
            _pending = new List<GrainCallRequest>(Math.Max(16, batch.Count / 2));
        }

        var now = _time.GetTimestamp();
        var keep = new List<GrainCallRequest>();
        var expired = new List<GrainCallRequest>();
        foreach (var request in batch)
        {
            if (request.IsCompleted)
            {
                continue;
            }

            (now >= request.Deadline ? expired : keep).Add(request);
        }

        if (expired.Count > 0)
        {
            var waitingOnDeeper = new HashSet<CallContextData>(ReferenceEqualityComparer.Instance);
            foreach (var request in expired)
            {
                for (var node = request.Parent; node is not null; node = node.Parent)
                {
                    waitingOnDeeper.Add(node);
                }
            }

            foreach (var request in expired.OrderByDescending(Depth))
            {
                if (request.Started && !request.TimeoutDeferred && waitingOnDeeper.Contains(request))
                {
                    request.TimeoutDeferred = true;
                    keep.Add(request);
                    continue;
                }

                var message = Describe(request);
                if (request.TrySetTimeout(new TimeoutException(message)))
                {
                    _log.CallTimedOut(message);
                }
            }
        }

        lock (_lock)
        {
            _pending.AddRange(keep);
        }
    }

    private static int Depth(GrainCallRequest request)
    {
        var depth = 0;
        for (var node = request.Parent; node is not null; node = node.Parent)
        {
            depth++;
        }

        return depth;
    }

    private static string Describe(GrainCallRequest request)
    {
        var text = $"Response did not arrive on time in {request.Timeout} for {request.Method.Name} on grain {request.Grain}. Call chain: {request.DescribeChain()}.";
        return request.Parent?.Contains(request.Grain) == true
            ? text + $" This is a call cycle: {request.Grain} is already in the chain waiting for this call, and it is not reentrant."
            : text;
    }
}
