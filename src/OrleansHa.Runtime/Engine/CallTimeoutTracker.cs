namespace OrleansHa.Runtime.Engine;

/// <summary>
/// Fails calls whose response did not arrive within their timeout with <see cref="TimeoutException"/>. Calls are kept in a
/// list swept periodically (cheaper than a timer per call). A timed-out call's message names its call chain and the
/// deepest call still pending beneath it, so that in a call cycle every caller's message names the grains of the cycle.
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
            var waitingOn = DeepestPendingDescendants(expired, batch);
            foreach (var request in expired)
            {
                var message = Describe(request, waitingOn.GetValueOrDefault(request));
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

    // For each expired call, the deepest call still pending that was made (directly or not) while serving it.
    private static Dictionary<GrainCallRequest, GrainCallRequest> DeepestPendingDescendants(List<GrainCallRequest> expired, List<GrainCallRequest> all)
    {
        var expiredSet = new HashSet<GrainCallRequest>(expired, ReferenceEqualityComparer.Instance);
        var deepest = new Dictionary<GrainCallRequest, GrainCallRequest>(ReferenceEqualityComparer.Instance);
        foreach (var pending in all)
        {
            if (pending.IsCompleted)
            {
                continue;
            }

            for (var node = pending.Parent; node is not null; node = node.Parent)
            {
                if (node is GrainCallRequest ancestor && expiredSet.Contains(ancestor)
                    && (!deepest.TryGetValue(ancestor, out var found) || Depth(found) < Depth(pending)))
                {
                    deepest[ancestor] = pending;
                }
            }
        }

        return deepest;
    }

    private static string Describe(GrainCallRequest request, GrainCallRequest? waitingOn)
    {
        var text = $"Response did not arrive on time in {request.Timeout} for {request.Method.Name} on grain {request.Grain}. Call chain: {request.DescribeChain()}.";
        var deepest = waitingOn ?? request;
        if (waitingOn is not null)
        {
            text += $" It is waiting on: {waitingOn.DescribeChain()}.";
        }

        return deepest.Parent?.Contains(deepest.Grain) == true
            ? text + $" This is a call cycle: {deepest.Grain} is already in the chain waiting for a call it cannot serve (it is not reentrant)."
            : text;
    }
}
