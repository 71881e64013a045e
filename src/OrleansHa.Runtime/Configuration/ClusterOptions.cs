namespace Orleans.Configuration;

/// <summary>The cluster's and the service's ids.</summary>
public class ClusterOptions
{
    /// <summary>The default cluster id: "default".</summary>
    public const string DefaultClusterId = "default";

    /// <summary>The default service id: "default".</summary>
    public const string DefaultServiceId = "default";

    /// <summary>The cluster id. Default: "default".</summary>
    public string ClusterId { get; set; } = DefaultClusterId;

    /// <summary>The service id. Default: "default".</summary>
    public string ServiceId { get; set; } = DefaultServiceId;
}
