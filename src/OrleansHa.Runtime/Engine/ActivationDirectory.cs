using System.Collections.Concurrent;
using Orleans.Runtime;

namespace OrleansHa.Runtime.Engine;

/// <summary>The silo's activations: one per grain id (several for a [StatelessWorker]); a request creates one on first use.</summary>
internal sealed class ActivationDirectory(SiloRuntime runtime)
{
    private readonly ConcurrentDictionary<GrainId, ActivationData> _activations = new();
    private readonly ConcurrentDictionary<GrainId, StatelessWorkerGroup> _workers = new();

    public int Count => _activations.Count + _workers.Values.Sum(g => g.Count);

    public IEnumerable<ActivationData> All => _activations.Values.Concat(_workers.Values.SelectMany(g => g.Snapshot()));

    public bool TryGet(GrainId grainId, out ActivationData activation) => _activations.TryGetValue(grainId, out activation!);

    public void Dispatch(WorkRequest request, GrainClassInfo classInfo)
    {
        if (classInfo.MaxLocalWorkers > 0)
        {
            _workers.GetOrAdd(request.Grain, static (id, arg) => new StatelessWorkerGroup(arg.runtime, arg.classInfo, id), (runtime, classInfo)).Dispatch(request);
            return;
        }

        while (true)
        {
            var activation = _activations.GetOrAdd(request.Grain, static (id, arg) => new ActivationData(arg.runtime, arg.classInfo, id), (runtime, classInfo));
            if (activation.TryEnqueue(request))
            {
                return;
            }

            // It ended between lookup and enqueue: drop the stale entry and make a new one.
            _activations.TryRemove(KeyValuePair.Create(request.Grain, activation));
        }
    }

    public void Add(ActivationData activation) => _activations[activation.GrainId] = activation;

    public void Remove(ActivationData activation)
    {
        if (activation.ClassInfo.MaxLocalWorkers > 0 && _workers.TryGetValue(activation.GrainId, out var group))
        {
            group.Remove(activation);
            return;
        }

        _activations.TryRemove(KeyValuePair.Create(activation.GrainId, activation));
    }
}
