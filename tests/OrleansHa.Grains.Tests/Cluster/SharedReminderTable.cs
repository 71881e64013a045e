using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansHa.Grains.Tests.Cluster;

/// <summary>
/// A reminder table that every silo of an in-process test cluster shares and that outlives any one of them, as the
/// Azure Table reminder table is for a system of several silos (Orleans' in-memory table is a grain, lost with the
/// silo that hosts it). Each silo's reminder service reads the range of grains it owns, so when a silo dies its
/// reminders fire on the silos that take its range over.
/// </summary>
public sealed class SharedReminderTable : IReminderTable
{
    private readonly ConcurrentDictionary<(GrainId Grain, string Name), ReminderEntry> _rows = new();
    private long _version;

    /// <summary>Adds Orleans' reminder service to the silo, on this table.</summary>
    public void Install(ISiloBuilder silo)
    {
        silo.AddReminders();
        silo.Services.AddSingleton<IReminderTable>(this);
    }

    /// <inheritdoc />
    public Task<ReminderTableData> ReadRows(GrainId grainId)
        => Task.FromResult(new ReminderTableData(_rows.Values.Where(r => r.GrainId == grainId).Select(Copy).ToList()));

    /// <inheritdoc />
    public Task<ReminderTableData> ReadRows(uint begin, uint end)
        => Task.FromResult(new ReminderTableData(_rows.Values.Where(r => InRange(r.GrainId.GetUniformHashCode(), begin, end)).Select(Copy).ToList()));

    /// <inheritdoc />
    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
        => Task.FromResult(_rows.TryGetValue((grainId, reminderName), out var row) ? Copy(row) : null);

    /// <inheritdoc />
    public Task<string?> UpsertRow(ReminderEntry entry)
    {
        var stored = Copy(entry);
        stored.ETag = Interlocked.Increment(ref _version).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _rows[(entry.GrainId, entry.ReminderName)] = stored;
        return Task.FromResult<string?>(stored.ETag);
    }

    /// <inheritdoc />
    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
        => Task.FromResult(_rows.TryGetValue((grainId, reminderName), out var row) && row.ETag == eTag
            && _rows.TryRemove(KeyValuePair.Create((grainId, reminderName), row)));

    /// <inheritdoc />
    public Task TestOnlyClearTable()
    {
        _rows.Clear();
        return Task.CompletedTask;
    }

    /// <summary>(begin, end], wrapping round when begin is not below end.</summary>
    private static bool InRange(uint hash, uint begin, uint end)
        => begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;

    private static ReminderEntry Copy(ReminderEntry entry) => new()
    {
        GrainId = entry.GrainId,
        ReminderName = entry.ReminderName,
        StartAt = entry.StartAt,
        Period = entry.Period,
        ETag = entry.ETag,
    };
}
