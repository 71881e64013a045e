using OrleansHa.Sync;

namespace OrleansHa.Benchmarks.Remote;

/// <summary>One run of our engine over the silo transport: its time, the bytes the forwarder counted each way, its report.</summary>
/// <param name="Seconds">Time of the engine's run (the connection to the gateway is already open).</param>
/// <param name="Up">Bytes from the sending side to the gateway, counted at the socket (TLS and Orleans framing included).</param>
/// <param name="Down">Bytes from the gateway back, counted at the socket.</param>
/// <param name="Report">The run's report; null when the run was cancelled at its mark.</param>
internal sealed record OursRun(double Seconds, long Up, long Down, SyncReport? Report);
