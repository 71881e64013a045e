namespace OrleansHa.Journals;

/// <summary>Rolls an append back; <see cref="WouldJournal"/> is an upper bound (later changes might have been filtered).</summary>
internal sealed class QueueLimitReachedException(int wouldJournal) : Exception("The append would pass a receiver's queue limit.")
{
    public int WouldJournal { get; } = wouldJournal;
}
