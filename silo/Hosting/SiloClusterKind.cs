namespace OrleansHa.Silo.Hosting;

/// <summary>How the silos of one system find each other.</summary>
public enum SiloClusterKind
{
    /// <summary>One silo on its own (Orleans' localhost clustering): the embedded default.</summary>
    Localhost,

    /// <summary>Any number of silos sharing Orleans' Azure Table membership (Azurite locally).</summary>
    Azure,
}
