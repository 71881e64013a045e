using Microsoft.Extensions.Hosting;
using Orleans.Hosting;

namespace Orleans.TestingHost;

/// <summary>Builds an <see cref="InProcessTestCluster"/>: <c>new InProcessTestClusterBuilder().ConfigureSilo((options, silo) =&gt; ...).Build()</c>.</summary>
public sealed class InProcessTestClusterBuilder
{
    /// <summary>A builder for one silo.</summary>
    public InProcessTestClusterBuilder()
        : this(1)
    {
    }

    /// <summary>A builder for <paramref name="initialSilosCount"/> silos; our runtime supports exactly one.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is not 1.</exception>
    public InProcessTestClusterBuilder(short initialSilosCount)
    {
        if (initialSilosCount != 1)
        {
            throw new ArgumentOutOfRangeException(nameof(initialSilosCount), initialSilosCount, "This runtime runs a single silo; the test cluster supports exactly 1.");
        }

        Options.InitialSilosCount = initialSilosCount;
    }

    /// <summary>The cluster's options.</summary>
    public InProcessTestClusterOptions Options { get; } = new();

    /// <summary>Adds a delegate configuring each silo.</summary>
    public InProcessTestClusterBuilder ConfigureSilo(Action<InProcessTestSiloSpecificOptions, ISiloBuilder> configureSiloDelegate)
    {
        ArgumentNullException.ThrowIfNull(configureSiloDelegate);
        Options.SiloConfigurationDelegates.Add(configureSiloDelegate);
        return this;
    }

    /// <summary>Adds a delegate configuring each silo's host.</summary>
    public InProcessTestClusterBuilder ConfigureSiloHost(Action<InProcessTestSiloSpecificOptions, IHostApplicationBuilder> configureSiloHostDelegate)
    {
        ArgumentNullException.ThrowIfNull(configureSiloHostDelegate);
        Options.SiloHostConfigurationDelegates.Add(configureSiloHostDelegate);
        return this;
    }

    /// <summary>Adds a delegate configuring each silo's host.</summary>
    public InProcessTestClusterBuilder ConfigureHost(Action<IHostApplicationBuilder> configureDelegate)
    {
        ArgumentNullException.ThrowIfNull(configureDelegate);
        Options.SiloHostConfigurationDelegates.Add((_, host) => configureDelegate(host));
        return this;
    }

    /// <summary>Builds the cluster; call <see cref="InProcessTestCluster.DeployAsync"/> to start it.</summary>
    public InProcessTestCluster Build() => new(Options);
}
