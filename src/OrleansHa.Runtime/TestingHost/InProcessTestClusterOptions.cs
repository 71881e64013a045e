using Microsoft.Extensions.Hosting;
using Orleans.Hosting;

namespace Orleans.TestingHost;

/// <summary>Options of an in-process test cluster.</summary>
public sealed class InProcessTestClusterOptions
{
    /// <summary>The cluster id. Default: a new unique id.</summary>
    public string ClusterId { get; set; } = $"testcluster-{Guid.NewGuid():N}";

    /// <summary>The service id. Default: "testservice".</summary>
    public string ServiceId { get; set; } = "testservice";

    /// <summary>How many silos to start. Our runtime is a single silo, so this must be 1. Default: 1.</summary>
    public short InitialSilosCount { get; set; } = 1;

    /// <summary>Whether <see cref="InProcessTestCluster.DeployAsync"/> makes the client ready. Default: true.</summary>
    public bool InitializeClientOnDeploy { get; set; } = true;

    /// <summary>Delegates configuring each silo's host.</summary>
    public List<Action<InProcessTestSiloSpecificOptions, IHostApplicationBuilder>> SiloHostConfigurationDelegates { get; } = [];

    /// <summary>Delegates configuring each silo (applied in one <c>UseOrleans</c> call).</summary>
    internal List<Action<InProcessTestSiloSpecificOptions, ISiloBuilder>> SiloConfigurationDelegates { get; } = [];
}
