namespace OrleansHa.Workers;

/// <summary>The run a request to run a file set now queued, or the run already queued or running that it joined.</summary>
/// <param name="WorkerKey">The worker that holds the run (<c>user|destination|batch</c>).</param>
/// <param name="RunId">The run's id; its <see cref="FileSets.RunRecord"/> carries it when it ends.</param>
/// <param name="Joined">True when the file set was already queued or running there and the request joined that run.</param>
[GenerateSerializer, Immutable, Alias("orleansha.queued-run-ticket")]
public sealed record QueuedRunTicket(
    [property: Id(0)] string WorkerKey,
    [property: Id(1)] string RunId,
    [property: Id(2)] bool Joined);
