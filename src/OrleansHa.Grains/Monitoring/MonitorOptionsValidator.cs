using Microsoft.Extensions.Options;

namespace OrleansHa.Grains.Monitoring;

/// <summary>Validates <see cref="MonitorOptions"/> at start; each failure names the setting and what is allowed.</summary>
public sealed class MonitorOptionsValidator : IValidateOptions<MonitorOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, MonitorOptions options)
    {
        var failures = new List<string>();
        if (options.ImmediateRetries is < 0 or > 100)
        {
            failures.Add($"Monitor:ImmediateRetries is {options.ImmediateRetries}; allowed 0..100.");
        }

        if (options.RetryInterval < TimeSpan.FromMinutes(1))
        {
            failures.Add($"Monitor:RetryInterval is {options.RetryInterval}; allowed: at least 00:01:00 (retries are driven by reminders).");
        }

        if (options.CheckInterval < TimeSpan.FromMinutes(1))
        {
            failures.Add($"Monitor:CheckInterval is {options.CheckInterval}; allowed: at least 00:01:00, the reminders' minimum period.");
        }

        if (options.ProbeInterval < TimeSpan.FromMinutes(1))
        {
            failures.Add($"Monitor:ProbeInterval is {options.ProbeInterval}; allowed: at least 00:01:00, the reminders' minimum period.");
        }

        if (options.ProbeTimeout <= TimeSpan.Zero || options.ProbeTimeout >= options.ProbeInterval)
        {
            failures.Add($"Monitor:ProbeTimeout is {options.ProbeTimeout}; allowed: more than 00:00:00 and less than Monitor:ProbeInterval ({options.ProbeInterval}).");
        }

        if (options.MaxWorkersPerShard is < 1 or > 1024)
        {
            failures.Add($"Monitor:MaxWorkersPerShard is {options.MaxWorkersPerShard}; allowed 1..1024.");
        }

        if (options.MaxConcurrentRuns is < 1 or > 1024)
        {
            failures.Add($"Monitor:MaxConcurrentRuns is {options.MaxConcurrentRuns}; allowed 1..1024 (runs at once in one silo).");
        }

        if (options.ActivityLogCapacity < 1)
        {
            failures.Add($"Monitor:ActivityLogCapacity is {options.ActivityLogCapacity}; allowed: at least 1.");
        }

        try
        {
            _ = options.ResolveTimeZone();
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            failures.Add($"Monitor:TimeZone '{options.TimeZone}' is not a known time zone; allowed: an IANA id such as UTC or Europe/Paris.");
        }

        if (string.IsNullOrWhiteSpace(options.CheckpointDirectory))
        {
            failures.Add("Monitor:CheckpointDirectory is empty; allowed: a directory path.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
