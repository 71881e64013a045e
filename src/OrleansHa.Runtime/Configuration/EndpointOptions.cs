using System.Net;

namespace Orleans.Configuration;

/// <summary>
/// Where the silo listens. Our runtime is a single silo: <see cref="SiloPort"/> is recorded for Orleans compatibility only,
/// <see cref="GatewayPort"/> is where the gateway accepts clients.
/// </summary>
public class EndpointOptions
{
    /// <summary>The silo-to-silo port (unused by our single silo). Default: 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>The port clients connect to. Default: 30000; 0 picks a free port.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address the gateway listens on. Default: loopback.</summary>
    public IPAddress AdvertisedIPAddress { get; set; } = IPAddress.Loopback;
}
