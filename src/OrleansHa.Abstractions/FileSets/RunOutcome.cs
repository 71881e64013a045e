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
}
