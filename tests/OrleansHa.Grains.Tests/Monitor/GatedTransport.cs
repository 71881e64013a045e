using System.Collections.Concurrent;
using OrleansHa.Destinations;
using OrleansHa.Grains.Destinations;
using OrleansHa.Sync;

namespace OrleansHa.Grains.Tests.Monitor;

/// <summary>
/// The real transport with two hooks where a run opens its target: a gate per destination that holds the run there
/// (it holds its silo's run slot meanwhile) and tells who entered in which order; and, for the targets told to
/// (<see cref="Refuse"/>), the delete guard's refusal as the engine raises it (before anything at the target changes).
/// </summary>
public sealed class GatedTransport
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _entered = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    /// <summary>Destinations in the order runs opened them.</summary>
    public IReadOnlyList<string> Order => [.. _order];

    private readonly ConcurrentDictionary<string, bool> _refused = new(StringComparer.Ordinal);

    /// <summary>While <paramref name="on"/>, runs of <paramref name="user"/> to <paramref name="targetPath"/> fail as the delete guard fails them.</summary>
    public void Refuse(string user, string targetPath, bool on) => _refused[user + "|" + targetPath] = on;

    /// <summary>Runs to <paramref name="destination"/> wait where they open their target until <see cref="Open"/>.</summary>
    public void Close(string destination) => _gates[destination] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Lets the runs to <paramref name="destination"/> go on.</summary>
    public void Open(string destination)
    {
        if (_gates.TryRemove(destination, out var gate))
        {
            gate.TrySetResult();
        }
    }

    /// <summary>
    /// Runs to <paramref name="destination"/> no longer wait from now on, but those waiting stay held for good, as the
    /// run of a silo that died never gets further.
    /// </summary>
    public void Forget(string destination) => _gates.TryRemove(destination, out _);

    /// <summary>Completes once a run has opened its target at <paramref name="destination"/>.</summary>
    public Task Entered(string destination) => EnteredSource(destination).Task;

    public IReplicaTransport Around(IReplicaTransport inner) => new Wrapper(this, inner);

    private TaskCompletionSource EnteredSource(string destination)
        => _entered.GetOrAdd(destination, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private sealed class Wrapper(GatedTransport owner, IReplicaTransport inner) : IReplicaTransport
    {
        public Task<string?> ProbeAsync(DestinationDefinition destination, CancellationToken cancellationToken)
            => inner.ProbeAsync(destination, cancellationToken);

        public async Task<ISyncTarget> OpenTargetAsync(DestinationDefinition destination, string targetPath, string user, AccessScope owner1, bool durable, int priority, CancellationToken cancellationToken)
        {
            owner._order.Enqueue(destination.Name);
            owner.EnteredSource(destination.Name).TrySetResult();
            if (owner._gates.TryGetValue(destination.Name, out var gate))
            {
                await gate.Task.WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
            }

            if (owner._refused.GetValueOrDefault(user + "|" + targetPath))
            {
                throw new MassDeleteRefusedException(3, 3, "The run would delete 3 of the destination's 3 files (all of them); the delete guard stopped it before it changed anything.");
            }

            return await inner.OpenTargetAsync(destination, targetPath, user, owner1, durable, priority, cancellationToken);
        }
    }
}
