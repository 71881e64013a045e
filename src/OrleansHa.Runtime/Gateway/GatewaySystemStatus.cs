namespace OrleansHa.Runtime.Gateway;

/// <summary>What a silo reports about itself through its gateway (the client's <c>status</c> command).</summary>
/// <param name="SystemName">The system's name, e.g. PROD.</param>
/// <param name="StartedAt">When the silo started.</param>
/// <param name="Uptime">How long it has been running.</param>
/// <param name="Activations">Grain activations currently in memory; -1 when the host cannot tell.</param>
/// <param name="GatewayConnections">Authenticated client connections open now.</param>
/// <param name="Version">The silo's version.</param>
public sealed record GatewaySystemStatus(string SystemName, DateTimeOffset StartedAt, TimeSpan Uptime, long Activations, int GatewayConnections, string Version);
