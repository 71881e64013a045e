namespace OrleansHa.FileSets;

/// <summary>The report of one run of a file set to one destination, as kept on the file set and in the activity log.</summary>
/// <param name="FileSet">The file set key (<c>owner/name</c>).</param>
/// <param name="Destination">The destination name.</param>
/// <param name="Reason">Why it ran: schedule, sync now, retry.</param>
/// <param name="StartedAt">When the run started.</param>
/// <param name="FinishedAt">When it ended.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="FilesScanned">Files looked at.</param>
/// <param name="FilesCopied">Files written at the destination.</param>
/// <param name="FilesDeleted">Files removed at the destination.</param>
/// <param name="BytesCopied">Bytes written.</param>
/// <param name="FailedPaths">Each failed path with its reason (at most a few dozen kept).</param>
/// <param name="Error">Why the run failed, when it did.</param>
/// <param name="RunId">The id of the queued run this reports (see <see cref="Workers.QueuedRun.RunId"/>); null in records made before ids existed.</param>
/// <param name="ResumedBytes">Bytes of copied files an interrupted earlier transfer had made durable at the destination, not sent again.</param>
/// <param name="LiteralBytes">Delta transfers: bytes of file content sent as literal data (the parts the destination did not have).</param>
/// <param name="MatchedBytes">Delta transfers: bytes of file content the destination built from its previous versions, not sent.</param>
[GenerateSerializer, Immutable, Alias("orleansha.run-record")]
public sealed record RunRecord(
    [property: Id(0)] string FileSet,
    [property: Id(1)] string Destination,
    [property: Id(2)] string Reason,
    [property: Id(3)] DateTimeOffset StartedAt,
    [property: Id(4)] DateTimeOffset FinishedAt,
    [property: Id(5)] RunOutcome Outcome,
    [property: Id(6)] long FilesScanned,
    [property: Id(7)] long FilesCopied,
    [property: Id(8)] long FilesDeleted,
    [property: Id(9)] long BytesCopied,
    [property: Id(10)] IReadOnlyList<string> FailedPaths,
    [property: Id(11)] string? Error,
    [property: Id(12)] string? RunId = null,
    [property: Id(13)] long ResumedBytes = 0,
    [property: Id(14)] long LiteralBytes = 0,
    [property: Id(15)] long MatchedBytes = 0);
