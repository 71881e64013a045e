namespace OrleansHa.Journals;

/// <summary>
/// A selection criterion: which changes produce sync requests (after the ACF2 LIDS / LASTACC / ONCEADAY options).
/// A Put or Patch matches when every field it changes (compared with the local copy) is in <see cref="OnlyFields"/>
/// and none of <see cref="UnlessFields"/> changes. Deletes and inserts of missing records never match.
/// </summary>
/// <param name="Name">Names the rule in status and the activity log.</param>
/// <param name="OnlyFields">The fields a matching change may touch, e.g. <c>lastAccess</c>; at least one.</param>
/// <param name="UnlessFields">A change to any of these fields never matches, e.g. <c>password</c>.</param>
/// <param name="Action">Drop the change, or keep one per key per day.</param>
/// <param name="TimeZoneId">The zone whose calendar days count for <see cref="SelectionAction.OncePerKeyPerDay"/> (IANA id); null means UTC.</param>
[GenerateSerializer, Immutable, Alias("orleansha.selection-rule")]
public sealed record SelectionRule(
    [property: Id(0)] string Name,
    [property: Id(1)] string[] OnlyFields,
    [property: Id(2)] string[] UnlessFields,
    [property: Id(3)] SelectionAction Action,
    [property: Id(4)] string? TimeZoneId = null);
