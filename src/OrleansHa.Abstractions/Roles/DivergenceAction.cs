namespace OrleansHa.Roles;

/// <summary>What the administrator does with divergent entries.</summary>
[GenerateSerializer, Alias("orleansha.divergence-action")]
public enum DivergenceAction
{
    /// <summary>Append them to production's journal, where the apply rules decide (a stale Put or Delete is rejected there).</summary>
    Reapply,

    /// <summary>Drop them; the activity log keeps that they were discarded, and by whom.</summary>
    Discard,
}
