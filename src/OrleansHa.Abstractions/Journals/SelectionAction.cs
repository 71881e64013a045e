namespace OrleansHa.Journals;

/// <summary>What a selection rule does with a change it matches.</summary>
[GenerateSerializer, Alias("orleansha.selection-action")]
public enum SelectionAction
{
    /// <summary>No sync request: the change is applied locally only (ACF2 LIDS without LASTACC).</summary>
    Drop = 0,

    /// <summary>At most one sync request per key per day (ACF2 LASTACC with ONCEADAY).</summary>
    OncePerKeyPerDay = 1,
}
