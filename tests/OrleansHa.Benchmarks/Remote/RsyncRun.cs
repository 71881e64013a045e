namespace OrleansHa.Benchmarks.Remote;

/// <summary>One rsync push: its wall time, the bytes the forwarder counted each way, and what its own --stats said.</summary>
/// <param name="Seconds">Wall time of the rsync process, connection and handshake included.</param>
/// <param name="Up">Bytes from rsync to the daemon, counted at the socket.</param>
/// <param name="Down">Bytes from the daemon to rsync, counted at the socket.</param>
/// <param name="Killed">Whether the run was killed at its mark.</param>
/// <param name="StatsSent">rsync's "Total bytes sent", null when it was killed before printing.</param>
/// <param name="StatsReceived">rsync's "Total bytes received".</param>
/// <param name="Literal">rsync's "Literal data".</param>
/// <param name="Matched">rsync's "Matched data".</param>
internal sealed record RsyncRun(double Seconds, long Up, long Down, bool Killed, long? StatsSent, long? StatsReceived, long? Literal, long? Matched);
