namespace OrleansHa.Security;

/// <summary>A signed session token and what it says: the client sends <see cref="Token"/> with every call until <see cref="ExpiresAt"/>.</summary>
/// <param name="Token">The opaque token to send (signed by the silos; the client cannot change what it says).</param>
/// <param name="Name">The account it was issued to.</param>
/// <param name="Role">The account's role: <c>administrator</c> or <c>user</c>.</param>
/// <param name="ExpiresAt">When the silos stop accepting it; log in again before then.</param>
[GenerateSerializer, Immutable, Alias("orleansha.session-token")]
public sealed record SessionToken(
    [property: Id(0)] string Token,
    [property: Id(1)] string Name,
    [property: Id(2)] string Role,
    [property: Id(3)] DateTimeOffset ExpiresAt);
