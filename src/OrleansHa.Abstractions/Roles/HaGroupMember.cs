namespace OrleansHa.Roles;

/// <summary>A system of an HA group, as the system holding this definition reaches it.</summary>
/// <param name="SystemName">The system's name (its cluster id), e.g. PROD.</param>
/// <param name="Gateway">Its gateway or gateways (<c>host:port</c>, comma-separated); null for the system holding the definition.</param>
/// <param name="CredentialName">The entry of this silo's credentials file (under "remotes") that logs in there; null for the system holding the definition.</param>
[GenerateSerializer, Immutable, Alias("orleansha.ha-group-member")]
public sealed record HaGroupMember(
    [property: Id(0)] string SystemName,
    [property: Id(1)] string? Gateway,
    [property: Id(2)] string? CredentialName);
