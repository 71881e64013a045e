namespace OrleansHa.Systems;

/// <summary>Where another OrleansHa system's gateway is and which credential logs in there.</summary>
/// <param name="SystemName">The remote system's name, e.g. BACKUP.</param>
/// <param name="Gateway">Its gateway, host:port.</param>
/// <param name="CredentialName">An entry of this silo's credentials file (under "remotes") used to log in there.</param>
[GenerateSerializer, Immutable, Alias("orleansha.remote-system-address")]
public sealed record RemoteSystemAddress(
    [property: Id(0)] string SystemName,
    [property: Id(1)] string Gateway,
    [property: Id(2)] string CredentialName);
