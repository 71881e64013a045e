namespace OrleansHa.Status;

/// <summary>What a STATUS request asks for.</summary>
/// <param name="User">Only this user's workers; a non-administrator always sees only their own.</param>
/// <param name="IncludeIdle">Also list idle workers (otherwise only running, waiting and failed ones, with counts of all).</param>
/// <param name="Limit">At most this many workers and queued runs in the answer.</param>
[GenerateSerializer, Immutable, Alias("orleansha.status-query")]
public sealed record StatusQuery(
    [property: Id(0)] string? User = null,
    [property: Id(1)] bool IncludeIdle = false,
    [property: Id(2)] int Limit = 200);
