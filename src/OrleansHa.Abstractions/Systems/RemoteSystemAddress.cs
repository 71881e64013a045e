using Orleans;

namespace OrleansHa.Systems;

// Placeholder with the exact shape promised in app-seams.md until branch `gateway` lands its
// IRemoteSystemConnector.cs (which declares this record); delete this file when merging it.

/// <summary>Another OrleansHa system, reached through its gateway.</summary>
/// <param name="SystemName">The system's name, e.g. BACKUP.</param>
/// <param name="Gateway">host:port of its gateway.</param>
/// <param name="CredentialName">An entry of this silo's credentials file used to log in there.</param>
[GenerateSerializer, Immutable, Alias("orleansha.remote-system-address")]
public sealed record RemoteSystemAddress(
    [property: Id(0)] string SystemName,
    [property: Id(1)] string Gateway,
    [property: Id(2)] string CredentialName);
