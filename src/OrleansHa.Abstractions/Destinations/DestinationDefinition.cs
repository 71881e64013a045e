namespace OrleansHa.Destinations;

/// <summary>A destination system as the administrator defines it.</summary>
/// <param name="Name">The destination's name, also the grain key (e.g. BACKUP): letters, digits, '.', '_' and '-'.</param>
/// <param name="Transport">How it is reached.</param>
/// <param name="Directory">For <see cref="DestinationTransport.Local"/>: the absolute directory file sets are written under.</param>
/// <param name="Gateway">For <see cref="DestinationTransport.Silo"/>: the other system's gateway, host:port.</param>
/// <param name="RemoteSystem">For <see cref="DestinationTransport.Silo"/>: the other system's name.</param>
/// <param name="CredentialName">For <see cref="DestinationTransport.Silo"/>: the entry of this silo's credentials file used to log in there.</param>
/// <param name="QueueLimit">The most runs that may wait for this destination in one worker; 0 means no limit.</param>
/// <param name="BandwidthLimit">
/// For <see cref="DestinationTransport.Silo"/>: the most bytes per second of file content sent to it from one silo,
/// shared by all runs to it (higher priority runs first); 0 means no limit. Changeable while runs go on
/// (<c>destination set-bandwidth</c>). See <see cref="BandwidthRate"/> for its text form.
/// </param>
[GenerateSerializer, Immutable, Alias("orleansha.destination-definition")]
public sealed record DestinationDefinition(
    [property: Id(0)] string Name,
    [property: Id(1)] DestinationTransport Transport,
    [property: Id(2)] string? Directory,
    [property: Id(3)] string? Gateway,
    [property: Id(4)] string? RemoteSystem,
    [property: Id(5)] string? CredentialName,
    [property: Id(6)] int QueueLimit = 0,
    [property: Id(7)] long BandwidthLimit = 0);
