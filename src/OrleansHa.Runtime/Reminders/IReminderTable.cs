using Orleans.Runtime;

namespace OrleansHa.Runtime.Reminders;

/// <summary>Durable storage for reminders. Implementations: memory (tests), SQLite, Azure Blob.</summary>
public interface IReminderTable
{
    /// <summary>Prepares the store (creates tables or containers); called once at silo start.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Reads every reminder.</summary>
    Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>Reads the reminders of one grain.</summary>
    Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(GrainId grainId, CancellationToken cancellationToken);

    /// <summary>Reads one reminder, or null.</summary>
    Task<ReminderEntry?> ReadRowAsync(GrainId grainId, string reminderName, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces a reminder (last writer wins) and returns its new ETag.</summary>
    Task<string> UpsertRowAsync(ReminderEntry entry, CancellationToken cancellationToken);

    /// <summary>Removes a reminder if its ETag matches; false when it was absent or the ETag differed.</summary>
    Task<bool> RemoveRowAsync(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken);
}
