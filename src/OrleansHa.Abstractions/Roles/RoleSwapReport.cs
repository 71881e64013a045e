namespace OrleansHa.Roles;

/// <summary>How a role change went (or, with a dry run, what it would do).</summary>
/// <param name="Operation">The change.</param>
/// <param name="DryRun">True when nothing was changed: the steps say what would be done.</param>
/// <param name="Succeeded">True when the change completed (a dry run: when it would be allowed).</param>
/// <param name="Epoch">The epoch after the change (a dry run: the epoch it would start).</param>
/// <param name="Production">The production system after the change.</param>
/// <param name="Backup">The backup system after the change.</param>
/// <param name="WritesRefused">How long the group refused client writes (from the first refusal to the new production accepting).</param>
/// <param name="Steps">The steps in order.</param>
/// <param name="Readiness">The readiness check the change began with; its items say why a refused change was refused.</param>
/// <param name="Error">Why the change was refused or failed, and what to do; null when it succeeded.</param>
/// <param name="Fences">Per journal, where the new epoch began.</param>
/// <param name="BytesCopied">Bytes the file set runs of the change copied (final runs of a switch-over; resynchronisation of a switch-back).</param>
/// <param name="Divergences">Entries the former production had appended but never shipped, listed for the administrator.</param>
[GenerateSerializer, Immutable, Alias("orleansha.role-swap-report")]
public sealed record RoleSwapReport(
    [property: Id(0)] RoleOperation Operation,
    [property: Id(1)] bool DryRun,
    [property: Id(2)] bool Succeeded,
    [property: Id(3)] long Epoch,
    [property: Id(4)] string Production,
    [property: Id(5)] string Backup,
    [property: Id(6)] TimeSpan WritesRefused,
    [property: Id(7)] IReadOnlyList<RoleSwapStep> Steps,
    [property: Id(8)] ReadinessReport? Readiness,
    [property: Id(9)] string? Error,
    [property: Id(10)] IReadOnlyList<JournalFence> Fences,
    [property: Id(11)] long BytesCopied,
    [property: Id(12)] int Divergences);
