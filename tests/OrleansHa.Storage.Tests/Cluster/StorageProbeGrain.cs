using Orleans.Placement;
using OrleansHa.Storage.Tests.Conformance;

namespace OrleansHa.Storage.Tests.Cluster;

// Random placement: the two-silo test needs grains on both silos.
[RandomPlacement]
public sealed class StorageProbeGrain([PersistentState("probe")] IPersistentState<TestState> state) : Grain, IStorageProbeGrain, IRemindable
{
    public async Task<int> IncrementAsync()
    {
        state.State.Count++;
        await state.WriteStateAsync();
        return state.State.Count;
    }

    public Task<int> GetAsync() => Task.FromResult(state.State.Count);

    public Task RemindAsync(string reminderName) => this.RegisterOrUpdateReminder(reminderName, TimeSpan.FromHours(1), TimeSpan.FromHours(1));

    public async Task<List<string>> GetReminderNamesAsync() => [.. (await this.GetReminders()).Select(r => r.ReminderName).Order(StringComparer.Ordinal)];

    public Task<string> GetSiloAsync() => Task.FromResult(RuntimeIdentity);

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}
