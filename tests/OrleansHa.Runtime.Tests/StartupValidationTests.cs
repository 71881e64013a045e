using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace OrleansHa.Runtime.Tests;

/// <summary>A silo refuses to start with an invalid grain class, naming what is wrong.</summary>
public sealed class StartupValidationTests
{
    [Fact]
    public async Task DeployAsync_WhenGrainInterfaceMethodDoesNotReturnTask_FailsNamingTheMethod()
    {
        var builder = new InProcessTestClusterBuilder();
        builder.ConfigureSilo((_, silo) => silo.Configure<GrainTypeOptions>(o => o.Classes.Add(typeof(InvalidGrain<int>))));
        await using var cluster = builder.Build();

        var error = await Assert.ThrowsAsync<OrleansConfigurationException>(cluster.DeployAsync);

        Assert.Contains($"{nameof(IInvalidGrain)}.{nameof(IInvalidGrain.Count)}", error.Message, StringComparison.Ordinal);
        Assert.Contains("must return Task", error.Message, StringComparison.Ordinal);
    }

    public interface IInvalidGrain : IGrainWithStringKey
    {
        /// <summary>Invalid: not a task.</summary>
        int Count();
    }

    // Generic, so the silos of other tests (which scan for grain classes) skip it; this test names it explicitly.
    public sealed class InvalidGrain<T> : Grain, IInvalidGrain
    {
        public int Count() => 0;
    }
}
