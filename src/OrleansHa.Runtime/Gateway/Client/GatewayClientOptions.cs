namespace OrleansHa.Runtime.Gateway.Client;

/// <summary>How a client reaches a silo's gateway.</summary>
public sealed class GatewayClientOptions
{
    /// <summary>The gateway's address, <c>host:port</c>. Default <c>127.0.0.1:30000</c>.</summary>
    public string Gateway { get; set; } = "127.0.0.1:30000";

    /// <summary>The user name to log in with (<c>admin</c> for the administrator). Required.</summary>
    public string? User { get; set; }

    /// <summary>The secret to log in with. Required.</summary>
    public string? Secret { get; set; }

    /// <summary>Whether to speak TLS to the gateway. Default false.</summary>
    public bool UseTls { get; set; }

    /// <summary>The host name the server certificate must carry; default: the host part of <see cref="Gateway"/>.</summary>
    public string? TlsTargetHost { get; set; }

    /// <summary>
    /// A certificate file to trust for the gateway (its self-signed certificate, say); a server presenting exactly
    /// this certificate is accepted. Default none: the system's trust store decides.
    /// </summary>
    public string? TlsTrustedCertificateFile { get; set; }

    /// <summary>How long a call may wait for its response; a method's [ResponseTimeout] overrides it. Default 30 seconds.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long connecting (TCP, TLS and the handshake) may take. Default 10 seconds.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest frame accepted from the silo. Default 64 MiB.</summary>
    public int MaxFrameSize { get; set; } = 64 * 1024 * 1024;

    /// <summary>The clock for response timeouts. Default the system clock.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
