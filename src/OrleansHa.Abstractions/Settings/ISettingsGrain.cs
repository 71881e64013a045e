namespace OrleansHa.Settings;

/// <summary>Settings backup and restore (key <c>system</c>); administrator only.</summary>
[Alias("orleansha.settings-grain")]
public interface ISettingsGrain : IGrainWithStringKey
{
    /// <summary>Every definition, as one document.</summary>
    [ResponseTimeout("00:05:00")]
    Task<SettingsDocument> ExportAsync();

    /// <summary>
    /// Validates the whole document, changing nothing if any part is wrong (the error lists every
    /// problem); then creates or updates every definition in it. With <paramref name="coldStart"/>,
    /// clears the worker tables and checkpoints and registers the schedules afresh.
    /// </summary>
    [ResponseTimeout("00:10:00")]
    Task<ImportResult> ImportAsync(SettingsDocument document, bool coldStart);
}
