namespace OrleansHa.Roles;

/// <summary>What a readiness item is about, in the order a check reports them (user profiles first).</summary>
[GenerateSerializer, Alias("orleansha.readiness-category")]
public enum ReadinessCategory
{
    /// <summary>The group itself: defined alike on both sides, the other system reachable, roles and epochs agreed.</summary>
    Group,

    /// <summary>A user and its definition, present and alike on the backup.</summary>
    User,

    /// <summary>A destination system defined in the reverse direction.</summary>
    Destination,

    /// <summary>A file set defined in the reverse direction (from the backup's replica back to production's source).</summary>
    FileSet,

    /// <summary>A journal defined in the reverse direction (a receiver back to production).</summary>
    Journal,

    /// <summary>A journal receiver's backlog: entries not yet applied on the backup.</summary>
    Backlog,

    /// <summary>A file set's last successful run to the backup.</summary>
    LastRun,

    /// <summary>The clock skew between the systems.</summary>
    Clock,
}
