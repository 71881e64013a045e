namespace OrleansHa.Journals;

/// <summary>What the selection criteria say about one change.</summary>
/// <param name="Rule">The rule that matched, or null when none did (the change is journaled).</param>
/// <param name="Day">For a once-a-day rule, the calendar day (yyyy-MM-dd in the rule's zone) the change falls on; else null.</param>
public readonly record struct SelectionDecision(string? Rule, string? Day)
{
    /// <summary>No rule matched: journal the change.</summary>
    public static SelectionDecision Journal => default;

    /// <summary>True when the change is journaled without condition.</summary>
    public bool JournalAlways => Rule is null;

    /// <summary>True when the change is dropped without condition.</summary>
    public bool DropAlways => Rule is not null && Day is null;
}
