using OrleansHa.Workers;

namespace OrleansHa.Grains.Monitoring;

/// <summary>
/// Deliveries the shard owes its workers: a new file set list, or a stop. They are saved with the table that
/// decides them (<see cref="MonitorState.PendingAssign"/>, <see cref="MonitorState.PendingStop"/>) and struck off once
/// the worker has taken them, so a shard that died in the fan-out delivers them on its next activation or check.
/// Both deliveries are idempotent on the worker's side.
/// </summary>
public sealed partial class MonitorGrain
{
    /// <summary>Notes deliveries owed (the caller saves the state); a later decision for a worker replaces an earlier one.</summary>
    private void Owe(IEnumerable<string> assign, IEnumerable<string> stop)
    {
        foreach (var key in assign)
        {
            state.State.PendingStop.Remove(key);
            if (!state.State.PendingAssign.Contains(key))
            {
                state.State.PendingAssign.Add(key);
            }
        }

        foreach (var key in stop)
        {
            state.State.PendingAssign.Remove(key);
            if (!state.State.PendingStop.Contains(key))
            {
                state.State.PendingStop.Add(key);
            }
        }
    }

    /// <summary>Delivers what is owed; the first failure is rethrown after the delivered ones are struck off and saved.</summary>
    private async Task DeliverPendingAsync()
    {
        if (state.State.PendingAssign.Count == 0 && state.State.PendingStop.Count == 0)
        {
            return;
        }

        var delivered = new List<string>();
        Exception? failure = null;
        foreach (var chunk in state.State.PendingAssign.ToList().Chunk(FanOut))
        {
            await Task.WhenAll(chunk.Select(key => DeliverAsync(key, worker =>
                state.State.Workers.TryGetValue(key, out var record) ? worker.AssignAsync(new WorkerAssignment(Shard, record.FileSets)) : Task.CompletedTask)));
        }

        foreach (var chunk in state.State.PendingStop.ToList().Chunk(FanOut))
        {
            await Task.WhenAll(chunk.Select(key => DeliverAsync(key, worker =>
                state.State.Workers.ContainsKey(key) ? Task.CompletedTask : worker.StopAsync())));
        }

        state.State.PendingAssign.RemoveAll(delivered.Contains);
        state.State.PendingStop.RemoveAll(delivered.Contains);
        if (delivered.Count > 0)
        {
            await state.WriteStateAsync();
        }

        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        async Task DeliverAsync(string key, Func<ISyncWorkerGrain, Task> call)
        {
            try
            {
                await call(GrainFactory.GetGrain<ISyncWorkerGrain>(key));
                delivered.Add(key);
            }
            catch (Exception e)
            {
                failure ??= e;
            }
        }
    }

    /// <summary>Delivers what is owed, logging instead of failing (activation, the periodic check).</summary>
    private async Task TryDeliverPendingAsync()
    {
        try
        {
            await DeliverPendingAsync();
        }
        catch (Exception e)
        {
            LogDeliveryPending(logger, e, Shard, state.State.PendingAssign.Count + state.State.PendingStop.Count);
        }
    }
}
