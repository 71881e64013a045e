using Orleans.Runtime;

namespace OrleansHa.Runtime.Engine;

/// <summary>The local activations of one [StatelessWorker] grain id: an idle one takes a request, else a new one up to the limit.</summary>
internal sealed class StatelessWorkerGroup(SiloRuntime runtime, GrainClassInfo classInfo, GrainId grainId)
{
    private readonly Lock _lock = new();
    private readonly List<ActivationData> _workers = [];
    private int _next;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _workers.Count;
            }
        }
    }

    public ActivationData[] Snapshot()
    {
        lock (_lock)
        {
            return [.. _workers];
        }
    }

    public void Dispatch(WorkRequest request)
    {
        while (true)
        {
            ActivationData target;
            lock (_lock)
            {
                target = _workers.Find(w => w.State == ActivationState.Valid && w.IsIdle)
                    ?? (_workers.Count < classInfo.MaxLocalWorkers ? Add() : _workers[_next++ % _workers.Count]);
            }

            if (target.TryEnqueue(request))
            {
                return;
            }

            Remove(target);
        }
    }

    public void Remove(ActivationData activation)
    {
        lock (_lock)
        {
            _workers.Remove(activation);
        }
    }

    private ActivationData Add()
    {
        var worker = new ActivationData(runtime, classInfo, grainId);
        _workers.Add(worker);
        return worker;
    }
}
