using OrleansHa.Journals;

namespace OrleansHa.Client.Commands;

/// <summary>What one <c>journal append</c> did with a file's changes, printed whether it finished or stopped part-way.</summary>
internal sealed class JournalAppendTotals(long changes)
{
    /// <summary>The changes in the file.</summary>
    public long Changes { get; } = changes;

    /// <summary>Calls that stored changes.</summary>
    public int Appends { get; private set; }

    /// <summary>Changes this run stored (journaled, filtered or rejected by the apply rules).</summary>
    public long Appended { get; private set; }

    /// <summary>Changes an earlier run with the same request ids had stored, skipped now.</summary>
    public long Already { get; private set; }

    /// <summary>Changes of the file that are not stored (none when the run finished).</summary>
    public long NotAppended => Changes - Appended - Already;

    /// <summary>Of <see cref="Appended"/>: entries journaled, to be shipped.</summary>
    public long Journaled { get; private set; }

    /// <summary>Of <see cref="Appended"/>: kept out of the journal by a selection rule.</summary>
    public long Filtered { get; private set; }

    /// <summary>Of <see cref="Appended"/>: rejected by the local copy's apply rules.</summary>
    public long Rejected { get; private set; }

    /// <summary>The first sequence of the file's entries (this run's or an earlier run's), 0 when none.</summary>
    public long First { get; private set; }

    /// <summary>The last sequence of the file's entries, 0 when none.</summary>
    public long Last { get; private set; }

    /// <summary>Why the run stopped before the end; null when it finished.</summary>
    public string? Error { get; private set; }

    /// <summary>Counts an answer to a batch of which <paramref name="changes"/> changes are accounted for.</summary>
    public void Add(JournalAppendResult result, long changes)
    {
        if (result.Duplicate)
        {
            Already += changes;
        }
        else
        {
            Appends++;
            Appended += changes;
            Journaled += result.Journaled;
            Filtered += result.Filtered;
            Rejected += result.Rejected;
        }

        First = First == 0 ? result.FirstSequence : First;
        Last = result.LastSequence == 0 ? Last : result.LastSequence;
    }

    /// <summary>Counts changes an earlier run stored, skipped without a call.</summary>
    public void AddAlready(long changes) => Already += changes;

    /// <summary>The journal refused a batch (a receiver at its queue limit): nothing of it was stored.</summary>
    public void Refused(string? error) => Error = error ?? "the journal refused the append.";

    /// <summary>A call failed: what it carried may or may not be stored; a rerun with the same request ids finds out.</summary>
    public void Stopped(string error) => Error ??= error;
}
