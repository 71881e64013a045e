namespace OrleansHa.Roles;

/// <summary>One precondition of a role swap, with the reason it holds or does not.</summary>
/// <param name="Category">What it is about.</param>
/// <param name="Subject">What it names: a user, file set, journal, receiver, …</param>
/// <param name="Ready">True when it holds.</param>
/// <param name="Reason">Why it holds or not, and what to do when it does not.</param>
/// <param name="Blocking">True when a swap is refused while it does not hold; false for a warning (a backlog a switch-over drains).</param>
[GenerateSerializer, Immutable, Alias("orleansha.readiness-item")]
public sealed record ReadinessItem(
    [property: Id(0)] ReadinessCategory Category,
    [property: Id(1)] string Subject,
    [property: Id(2)] bool Ready,
    [property: Id(3)] string Reason,
    [property: Id(4)] bool Blocking = true);
