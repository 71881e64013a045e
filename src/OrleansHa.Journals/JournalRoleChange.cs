namespace OrleansHa.Journals;

/// <summary>A journal's role change, as the stores keep the last one (the stored values are fixed).</summary>
internal enum JournalRoleChange
{
    /// <summary>The local journal took over a replica's copy and position (it became production's).</summary>
    Adopted = 1,

    /// <summary>The local journal stepped back to a fence and handed its copy to a replica (it became a backup).</summary>
    BecameReplica = 2,
}
