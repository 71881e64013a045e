using Orleans.Runtime;

namespace OrleansHa.Runtime.Tests.Grains;

public interface IReminderGrain : IGrainWithStringKey, IRemindable
{
    /// <summary>Registers or updates a reminder.</summary>
    Task RegisterAsync(string name, TimeSpan dueTime, TimeSpan period);

    /// <summary>Unregisters a reminder.</summary>
    Task UnregisterAsync(string name);

    /// <summary>The names of this grain's reminders.</summary>
    Task<List<string>> ListAsync();
}

/// <summary>Ticks are recorded in the application's <see cref="LifecycleLog"/>, so they outlive activations and restarts.</summary>
public sealed class ReminderGrain(LifecycleLog log) : Grain, IReminderGrain
{
    public async Task RegisterAsync(string name, TimeSpan dueTime, TimeSpan period)
        => await this.RegisterOrUpdateReminder(name, dueTime, period);

    public async Task UnregisterAsync(string name)
    {
        var reminder = await this.GetReminder(name);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public async Task<List<string>> ListAsync() => (await this.GetReminders()).Select(r => r.ReminderName).Order(StringComparer.Ordinal).ToList();

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        log.Add($"tick:{this.GetPrimaryKeyString()}:{reminderName}:{status.CurrentTickTime:HH:mm:ss}");
        log.Add($"tick-caller:{this.GetPrimaryKeyString()}:{reminderName}:{RequestContext.Get("caller") ?? "none"}");
        return Task.CompletedTask;
    }
}

public interface INotRemindableGrain : IGrainWithStringKey
{
    /// <summary>Tries to register a reminder without implementing IRemindable.</summary>
    Task RegisterAsync();
}

public sealed class NotRemindableGrain : Grain, INotRemindableGrain
{
    public Task RegisterAsync() => this.RegisterOrUpdateReminder("r", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
}
