namespace OrleansHa.Journals;

/// <summary>How many rows one prune of the journal store deleted.</summary>
public sealed record JournalPruneResult(int History, int Activity, int Marks, int RequestIds);
