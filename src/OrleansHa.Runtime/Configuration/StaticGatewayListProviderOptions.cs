namespace Orleans.Configuration;

/// <summary>The gateways a client connects to. Default: none (set by <c>UseLocalhostClustering</c>).</summary>
public class StaticGatewayListProviderOptions
{
    /// <summary>The gateway endpoints as <c>gwy.tcp://host:port/0</c> URIs.</summary>
    public List<Uri> Gateways { get; set; } = [];
}
