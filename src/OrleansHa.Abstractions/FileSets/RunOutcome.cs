namespace OrleansHa.FileSets;

/// <summary>How a run ended.</summary>
[GenerateSerializer, Alias("orleansha.run-outcome")]
public enum RunOutcome
{
    /// <summary>Every file landed.</summary>
    Succeeded,

    /// <summary>The run finished but some paths failed (reported, not retried).</summary>
    CompletedWithErrors,

    /// <summary>The run did not finish (an exception, or the silo died while it ran); the monitor retries it.</summary>
    Failed,

    /// <summary>
    /// The delete guard stopped the run before it changed anything: it would have deleted more of the destination
    /// than the file set's options allow (or all of it). Not retried; the worker needs an operator (fix the source, or
    /// <c>sync now --allow-mass-delete</c>).
    /// </summary>
    Refused,
}
