using Orleans.Concurrency;

namespace OrleansHa.Destinations;

/// <summary>
/// One destination system (key: its name). The administrator defines it and disables or enables
/// sync to it; it probes its availability on a reminder and tells the monitors when it comes back.
/// </summary>
[Alias("orleansha.destination-grain")]
public interface IDestinationGrain : IGrainWithStringKey
{
    /// <summary>Creates the destination, or updates it when <paramref name="allowUpdate"/> is true; administrator only.</summary>
    Task<DestinationInfo> DefineAsync(DestinationDefinition definition, bool allowUpdate);

    /// <summary>The destination, or null when it does not exist.</summary>
    [AlwaysInterleave]
    [Idempotent]
    Task<DestinationInfo?> GetAsync();

    /// <summary>Enables (true) or disables (false) sync to this destination; administrator only.</summary>
    [Idempotent]
    Task<DestinationInfo> SetSyncEnabledAsync(bool enabled);

    /// <summary>
    /// Changes the bandwidth limit (bytes per second, 0: none; see <see cref="DestinationDefinition.BandwidthLimit"/>);
    /// runs going on pick it up within a second. Administrator only.
    /// </summary>
    [Idempotent]
    Task<DestinationInfo> SetBandwidthLimitAsync(long bytesPerSecond);

    /// <summary>Removes the destination; refused while a file set still names it. Administrator only.</summary>
    Task RemoveAsync();

    /// <summary>
    /// Removes the destination. While file sets name it, refused (the error names them) unless <paramref name="force"/>,
    /// which suspends them first; returns the file sets it suspended (<c>owner/name</c>). Administrator only.
    /// </summary>
    Task<IReadOnlyList<string>> RemoveAsync(bool force);

    /// <summary>Probes availability now and returns the result; when it comes back, the monitors hear of it.</summary>
    [Idempotent]
    Task<DestinationInfo> ProbeAsync();
}
