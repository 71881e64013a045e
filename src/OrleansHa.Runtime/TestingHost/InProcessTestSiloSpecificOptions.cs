namespace Orleans.TestingHost;

/// <summary>Per-silo settings handed to the configuration delegates.</summary>
public sealed class InProcessTestSiloSpecificOptions
{
    /// <summary>The silo's name, e.g. "Primary".</summary>
    public string SiloName { get; set; } = "Primary";

    /// <summary>The silo-to-silo port (recorded only; our runtime is one silo).</summary>
    public int SiloPort { get; set; }

    /// <summary>A free loopback port for the silo's gateway.</summary>
    public int GatewayPort { get; set; }
}
