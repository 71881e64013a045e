using System.Globalization;

namespace OrleansHa.FileSets;

/// <summary>
/// A parsed schedule: <c>manual</c>, <c>every &lt;duration&gt;</c> (units d, h, m, s combined, e.g.
/// <c>1h30m</c>; at least one minute, since reminders have a one-minute minimum period) or
/// <c>daily HH:MM</c> (24-hour clock, in the silo's configured time zone).
/// </summary>
/// <param name="Kind">The kind of schedule.</param>
/// <param name="Interval">The interval of an <see cref="ScheduleKind.Every"/> schedule.</param>
/// <param name="TimeOfDay">The time of a <see cref="ScheduleKind.Daily"/> schedule.</param>
public sealed record FileSetSchedule(ScheduleKind Kind, TimeSpan Interval, TimeOnly TimeOfDay)
{
    /// <summary>What a schedule may look like, for error messages.</summary>
    public const string Allowed = "'manual', 'every <duration>' from 1m to 49d (e.g. every 15m, every 1h30m), or 'daily HH:MM' (e.g. daily 02:00)";

    /// <summary>The shortest interval: the reminder service's minimum period.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The longest interval: 49 days, below the limit of the timers behind reminders (2^32 - 2 milliseconds, about
    /// 49.7 days); a longer period is refused by the reminder service and, once stored, by every silo that loads it.
    /// </summary>
    public static readonly TimeSpan MaximumInterval = TimeSpan.FromDays(49);

    /// <summary>The manual schedule.</summary>
    public static FileSetSchedule Manual { get; } = new(ScheduleKind.Manual, TimeSpan.Zero, default);

    /// <summary>Parses a schedule; throws <see cref="InvalidDefinitionException"/> naming the field <c>schedule</c> when it is malformed.</summary>
    public static FileSetSchedule Parse(string? text)
    {
        var value = (text ?? string.Empty).Trim();
        if (value.Length == 0 || value.Equals("manual", StringComparison.OrdinalIgnoreCase))
        {
            return Manual;
        }

        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 2 && parts[0].Equals("every", StringComparison.OrdinalIgnoreCase))
        {
            TimeSpan? parsed;
            try
            {
                parsed = ParseDuration(parts[1]);
            }
            catch (OverflowException)
            {
                // Longer than any TimeSpan: refused below as too long.
                parsed = TimeSpan.MaxValue;
            }

            var interval = parsed ?? throw new InvalidDefinitionException("schedule", $"'{value}' has a malformed duration", Allowed);
            if (interval > MaximumInterval)
            {
                throw new InvalidDefinitionException("schedule", $"'{value}' is longer than the 49-day maximum period of reminders", Allowed);
            }

            if (interval < MinimumInterval)
            {
                throw new InvalidDefinitionException("schedule", $"'{value}' is shorter than the 1-minute minimum period of reminders", Allowed);
            }

            return new FileSetSchedule(ScheduleKind.Every, interval, default);
        }

        if (parts.Length == 2 && parts[0].Equals("daily", StringComparison.OrdinalIgnoreCase)
            && TimeOnly.TryParseExact(parts[1], ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return new FileSetSchedule(ScheduleKind.Daily, TimeSpan.FromDays(1), time);
        }

        throw new InvalidDefinitionException("schedule", $"'{value}' is not a schedule", Allowed);
    }

    /// <summary>The next time the schedule is due strictly after <paramref name="now"/>, or null for a manual schedule.</summary>
    /// <param name="now">The current time.</param>
    /// <param name="timeZone">The zone a daily time is read in.</param>
    public DateTimeOffset? NextAfter(DateTimeOffset now, TimeZoneInfo timeZone)
    {
        switch (Kind)
        {
            case ScheduleKind.Every:
                return now + Interval;
            case ScheduleKind.Daily:
                var local = TimeZoneInfo.ConvertTime(now, timeZone);
                var candidate = local.Date + TimeOfDay.ToTimeSpan();
                for (var day = 0; day < 3; day++)
                {
                    var wall = candidate.AddDays(day);
                    if (timeZone.IsInvalidTime(wall))
                    {
                        // A spring-forward gap: the time does not exist that day; run at the end of the gap.
                        wall = wall.AddHours(1);
                    }

                    var at = new DateTimeOffset(wall, timeZone.GetUtcOffset(wall));
                    if (at > now)
                    {
                        return at;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>The schedule in its canonical text form.</summary>
    public override string ToString() => Kind switch
    {
        ScheduleKind.Every => "every " + FormatDuration(Interval),
        ScheduleKind.Daily => "daily " + TimeOfDay.ToString("HH:mm", CultureInfo.InvariantCulture),
        _ => "manual",
    };

    /// <summary>Parses a duration such as <c>15m</c>, <c>1h30m</c>, <c>2d</c>, <c>90s</c>; null when malformed.</summary>
    public static TimeSpan? ParseDuration(string text)
    {
        var total = TimeSpan.Zero;
        var number = 0L;
        var digits = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                if (digits++ > 9)
                {
                    return null;
                }

                number = (number * 10) + (c - '0');
                continue;
            }

            if (digits == 0)
            {
                return null;
            }

            var unit = char.ToLowerInvariant(c) switch
            {
                'd' => TimeSpan.FromDays(1),
                'h' => TimeSpan.FromHours(1),
                'm' => TimeSpan.FromMinutes(1),
                's' => TimeSpan.FromSeconds(1),
                _ => TimeSpan.Zero,
            };
            if (unit == TimeSpan.Zero)
            {
                return null;
            }

            total += unit * number;
            number = 0;
            digits = 0;
        }

        return digits == 0 && total > TimeSpan.Zero ? total : null;
    }

    private static string FormatDuration(TimeSpan value)
    {
        var text = string.Empty;
        if (value.Days > 0)
        {
            text += value.Days.ToString(CultureInfo.InvariantCulture) + "d";
        }

        if (value.Hours > 0)
        {
            text += value.Hours.ToString(CultureInfo.InvariantCulture) + "h";
        }

        if (value.Minutes > 0)
        {
            text += value.Minutes.ToString(CultureInfo.InvariantCulture) + "m";
        }

        if (value.Seconds > 0)
        {
            text += value.Seconds.ToString(CultureInfo.InvariantCulture) + "s";
        }

        return text;
    }
}
