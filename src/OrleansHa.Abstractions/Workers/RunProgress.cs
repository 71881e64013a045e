namespace OrleansHa.Workers;

/// <summary>How far a running sync has come.</summary>
/// <param name="FileSet">The file set key being run.</param>
/// <param name="FilesDone">Files handled so far.</param>
/// <param name="FilesTotal">Files to handle, once the scan knows (0 before).</param>
/// <param name="BytesDone">Bytes handled so far.</param>
/// <param name="BytesTotal">Bytes to handle, once the scan knows (0 before).</param>
[GenerateSerializer, Immutable, Alias("orleansha.run-progress")]
public sealed record RunProgress(
    [property: Id(0)] string FileSet,
    [property: Id(1)] long FilesDone,
    [property: Id(2)] long FilesTotal,
    [property: Id(3)] long BytesDone,
    [property: Id(4)] long BytesTotal);
