namespace OrleansHa.Sync;

/// <summary>
/// The delete guard tripped: the run would delete more of the destination than its options allow (or all of it, the
/// classic sign of an empty or unmounted source), so it stopped after planning, before it changed anything at the
/// target. An operator decides: fix the source, or let one run through (<see cref="SyncRequest.AllowMassDelete"/>).
/// </summary>
public sealed class MassDeleteRefusedException : Exception
{
    /// <summary>Creates the refusal.</summary>
    /// <param name="wouldDelete">Files (and links) the run would have deleted.</param>
    /// <param name="destinationFiles">Files (and links) the destination holds for this file set.</param>
    /// <param name="message">Why, with the counts, the limit and what to do next.</param>
    public MassDeleteRefusedException(long wouldDelete, long destinationFiles, string message)
        : base(message)
    {
        WouldDelete = wouldDelete;
        DestinationFiles = destinationFiles;
    }

    /// <summary>Files (and links) the run would have deleted.</summary>
    public long WouldDelete { get; }

    /// <summary>Files (and links) the destination holds for this file set.</summary>
    public long DestinationFiles { get; }
}
