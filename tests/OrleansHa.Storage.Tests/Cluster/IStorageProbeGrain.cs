namespace OrleansHa.Storage.Tests.Cluster;

/// <summary>A grain that keeps a counter in persistent state and registers reminders, to exercise the providers end to end.</summary>
public interface IStorageProbeGrain : IGrainWithStringKey
{
    /// <summary>Adds one to the stored counter and writes the state.</summary>
    Task<int> IncrementAsync();

    /// <summary>The stored counter.</summary>
    Task<int> GetAsync();

    /// <summary>Registers a reminder (one-hour period).</summary>
    Task RemindAsync(string reminderName);

    /// <summary>The names of the grain's reminders.</summary>
    Task<List<string>> GetReminderNamesAsync();

    /// <summary>The silo the grain is active on.</summary>
    Task<string> GetSiloAsync();
}
