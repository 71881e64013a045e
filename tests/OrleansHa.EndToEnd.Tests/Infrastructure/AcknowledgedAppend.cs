namespace OrleansHa.EndToEnd.Tests.Infrastructure;

/// <summary>An append a system acknowledged.</summary>
/// <param name="Number">The append's number in its stream (its key and its request id carry it).</param>
/// <param name="System">The system that acknowledged it.</param>
/// <param name="Sequence">The sequence it was given.</param>
/// <param name="Duplicate">True when the system answered that the request id had been appended before.</param>
public sealed record AcknowledgedAppend(int Number, string System, long Sequence, bool Duplicate);
