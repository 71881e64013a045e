using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace OrleansHa.Runtime.Gateway.Server;

/// <summary>The gateway's settings. The silo host fills them from its own configuration.</summary>
public sealed class GatewayServerOptions
{
    /// <summary>Where to listen. Default <c>127.0.0.1:30000</c>: loopback only, unless configured otherwise.</summary>
    public IPEndPoint Endpoint { get; set; } = new(IPAddress.Loopback, 30000);

    /// <summary>The system name sent to clients in the handshake. Default <c>LOCAL</c>.</summary>
    public string SystemName { get; set; } = "LOCAL";

    /// <summary>The server certificate (with its private key) that turns on TLS. Default none: plain TCP.</summary>
    public X509Certificate2? Certificate { get; set; }

    /// <summary>How long a new connection has to finish TLS and the handshake. Default 10 seconds.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest frame accepted from an authenticated client. Default 64 MiB.</summary>
    public int MaxFrameSize { get; set; } = 64 * 1024 * 1024;

    /// <summary>Reports the number of grain activations for the status call; default none (reported as -1).</summary>
    public Func<long>? ActivationCount { get; set; }
}
