namespace OrleansHa.Journals;

/// <summary>What happened to sync requests, as the activity journal records it.</summary>
[GenerateSerializer, Alias("orleansha.activity-kind")]
public enum ActivityKind
{
    /// <summary>The local journal sent a batch to a receiver.</summary>
    Sent = 0,

    /// <summary>A receiver stored and applied a batch (sender side: acknowledged; receiver side: accepted).</summary>
    Accepted = 1,

    /// <summary>A change was rejected by the apply rules (stale Put or Delete).</summary>
    Rejected = 2,

    /// <summary>A send failed and will be retried from the acknowledged position.</summary>
    Retried = 3,

    /// <summary>A change was applied locally but not journaled, by a selection rule.</summary>
    Filtered = 4,

    /// <summary>An append was refused because a receiver was at its queue limit.</summary>
    Refused = 5,

    /// <summary>Replication to a system was disabled or enabled.</summary>
    Maintenance = 6,

    /// <summary>A role change: the journal took over from its replica, became a replica, or refused a fenced batch.</summary>
    Role = 7,

    /// <summary>An entry was appended here but never shipped before another system took over: listed as divergence.</summary>
    Diverged = 8,

    /// <summary>A divergent entry was re-applied through production's apply rules.</summary>
    Reapplied = 9,

    /// <summary>A divergent entry was discarded by the administrator.</summary>
    Discarded = 10,
}
