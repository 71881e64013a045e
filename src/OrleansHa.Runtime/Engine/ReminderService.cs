using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime;
using OrleansHa.Runtime.Reminders;

namespace OrleansHa.Runtime.Engine;

/// <summary>
/// Durable reminders over an <see cref="IReminderTable"/>. Each reminder has a local timer (from the TimeProvider) armed
/// for its next tick; a tick calls the grain's <see cref="IRemindable.ReceiveReminder"/> as an ordinary call (activating
/// the grain), then records the tick as <see cref="ReminderEntry.LastFiredUtc"/>. The next tick is armed after the call
/// finished, so ticks never overlap. At start, a reminder whose latest due tick is later than its last fired tick missed
/// that tick while the silo was down: it is delivered once, then the schedule continues.
/// </summary>
internal sealed partial class ReminderService(IReminderTable table, IOptions<ReminderOptions> options, SiloRuntime runtime)
{
    private readonly ConcurrentDictionary<(GrainId, string), ScheduledReminder> _scheduled = new();
    private readonly TimeSpan _minimumPeriod = options.Value.MinimumReminderPeriod;
    private volatile bool _stopped;

    private TimeProvider Time => runtime.TimeProvider;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await table.InitializeAsync(cancellationToken);
        foreach (var entry in await table.ReadAllAsync(cancellationToken))
        {
            Schedule(entry, afterRestart: true);
        }
    }

    public void Stop()
    {
        _stopped = true;
        foreach (var reminder in _scheduled.Values)
        {
            reminder.Dispose();
        }

        _scheduled.Clear();
    }

    public async Task<IGrainReminder> RegisterOrUpdateReminder(GrainId grainId, string reminderName, TimeSpan dueTime, TimeSpan period)
    {
        if (string.IsNullOrWhiteSpace(reminderName))
        {
            throw new ArgumentException("The reminder name must not be empty.", nameof(reminderName));
        }

        if (dueTime < TimeSpan.Zero || dueTime == Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, "Cannot use a negative or infinite due time for a reminder.");
        }

        if (period < TimeSpan.Zero || period == Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "Cannot use a negative or infinite period for a reminder.");
        }

        if (period < _minimumPeriod)
        {
            throw new ArgumentException(
                $"Cannot register reminder '{reminderName}' of {grainId} with period {period}: the minimum is {_minimumPeriod} (ReminderOptions.MinimumReminderPeriod).",
                nameof(period));
        }

        var entry = new ReminderEntry(grainId, reminderName, Time.GetUtcNow().UtcDateTime + dueTime, period, null, null);
        var etag = await table.UpsertRowAsync(entry, CancellationToken.None);
        Schedule(entry with { ETag = etag }, afterRestart: false);
        return new ReminderHandle(grainId, reminderName, etag);
    }

    public async Task UnregisterReminder(GrainId grainId, IGrainReminder reminder)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        if (_scheduled.TryRemove((grainId, reminder.ReminderName), out var scheduled))
        {
            scheduled.Dispose();
        }

        // Ticks update the row (LastFiredUtc), so the handle's ETag may be old: remove the current version.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var row = await table.ReadRowAsync(grainId, reminder.ReminderName, CancellationToken.None);
            if (row?.ETag is null || await table.RemoveRowAsync(grainId, reminder.ReminderName, row.ETag, CancellationToken.None))
            {
                return;
            }
        }

        throw new ReminderException($"Could not unregister reminder '{reminder.ReminderName}' of {grainId}: it kept changing while being removed.");
    }

    public async Task<IGrainReminder?> GetReminder(GrainId grainId, string reminderName)
    {
        var row = await table.ReadRowAsync(grainId, reminderName, CancellationToken.None);
        return row is null ? null : new ReminderHandle(grainId, row.ReminderName, row.ETag);
    }

    public async Task<List<IGrainReminder>> GetReminders(GrainId grainId)
    {
        var rows = await table.ReadRowsAsync(grainId, CancellationToken.None);
        return rows.Select(r => (IGrainReminder)new ReminderHandle(grainId, r.ReminderName, r.ETag)).ToList();
    }

    private void Schedule(ReminderEntry entry, bool afterRestart)
    {
        if (_stopped)
        {
            return;
        }

        var now = Time.GetUtcNow().UtcDateTime;
        var scheduled = new ScheduledReminder(this, entry);
        if (_scheduled.TryGetValue((entry.GrainId, entry.ReminderName), out var old))
        {
            old.Dispose();
        }

        _scheduled[(entry.GrainId, entry.ReminderName)] = scheduled;
        var latestDue = LatestDueTick(entry, now);
        if (latestDue is { } missed && (entry.LastFiredUtc is null || entry.LastFiredUtc < missed))
        {
            // Due and not delivered: a new reminder with no due time, or a tick missed while the silo was down.
            if (afterRestart)
            {
                runtime.Log.ReminderMissedTick(entry.ReminderName, entry.GrainId, missed);
            }

            scheduled.Arm(TimeSpan.Zero, missed);
            return;
        }

        var next = latestDue is { } due ? due + entry.Period : entry.StartAt;
        scheduled.Arm(next - now, next);
    }

    private static DateTime? LatestDueTick(ReminderEntry entry, DateTime now)
    {
        if (now < entry.StartAt)
        {
            return null;
        }

        if (entry.Period <= TimeSpan.Zero)
        {
            return entry.StartAt;
        }

        var ticks = (now - entry.StartAt).Ticks / entry.Period.Ticks;
        return entry.StartAt + TimeSpan.FromTicks(ticks * entry.Period.Ticks);
    }

    private async Task DeliverAsync(ScheduledReminder scheduled, DateTime tickTime)
    {
        // A tick is a new request from the silo, as in Orleans: no caller's RequestContext and no call chain.
        // The timer that fires it captured the execution context of whoever registered the reminder, so
        // without this every tick would run as that caller (and a user's reminder would act as the user).
        CallContext.Current = null;
        var entry = scheduled.Entry;
        try
        {
            var grain = (IRemindable)runtime.GrainFactory.GetGrain(typeof(IRemindable), entry.GrainId);
            await grain.ReceiveReminder(entry.ReminderName, new TickStatus(entry.StartAt, entry.Period, tickTime));
        }
        catch (Exception exception)
        {
            runtime.Log.ReminderFailed(exception, entry.ReminderName, entry.GrainId);
        }

        if (_stopped || scheduled.IsDisposed)
        {
            return;
        }

        try
        {
            var updated = entry with { LastFiredUtc = tickTime };
            var etag = await table.UpsertRowAsync(updated, CancellationToken.None);
            scheduled.Entry = updated with { ETag = etag };
        }
        catch (Exception exception)
        {
            runtime.Log.ReminderFailed(exception, entry.ReminderName, entry.GrainId);
        }

        // The next tick; if it fell due while this one ran, the latest due tick fires at once (once, like a missed tick).
        var now = Time.GetUtcNow().UtcDateTime;
        var next = tickTime + entry.Period;
        if (next <= now && entry.Period > TimeSpan.Zero)
        {
            next = LatestDueTick(entry, now)!.Value;
        }

        scheduled.Arm(next - now, next);
    }
}
