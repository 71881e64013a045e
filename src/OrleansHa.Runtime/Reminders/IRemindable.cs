using Orleans.Runtime;

namespace Orleans;

/// <summary>A grain that receives reminders. Delivered as an ordinary request, obeying reentrancy.</summary>
public interface IRemindable : IGrain
{
    /// <summary>Receives a reminder tick.</summary>
    Task ReceiveReminder(string reminderName, TickStatus status);
}
