using Orleans.Runtime;

namespace OrleansHa.Runtime.Reminders;

/// <summary>One durable reminder as a reminder table stores it.</summary>
/// <param name="GrainId">The grain the reminder belongs to.</param>
/// <param name="ReminderName">The reminder's name, unique per grain.</param>
/// <param name="StartAt">The first tick (UTC); tick k is at <c>StartAt + k * Period</c>.</param>
/// <param name="Period">The time between ticks.</param>
/// <param name="LastFiredUtc">The tick time of the last tick delivered, so a restart can fire one missed tick.</param>
/// <param name="ETag">The row's version, set by the table; null for a row not yet stored.</param>
public sealed record ReminderEntry(
    GrainId GrainId,
    string ReminderName,
    DateTime StartAt,
    TimeSpan Period,
    DateTime? LastFiredUtc,
    string? ETag);
