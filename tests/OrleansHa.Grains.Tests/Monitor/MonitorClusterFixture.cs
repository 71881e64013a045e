namespace OrleansHa.Grains.Tests.Monitor;

/// <summary>One monitor cluster per test class; tests in a class use distinct user names.</summary>
public sealed class MonitorClusterFixture : IAsyncLifetime
{
    public MonitorCluster Cluster { get; } = new();

    public Task InitializeAsync() => Cluster.StartAsync();

    public Task DisposeAsync() => Cluster.DisposeAsync().AsTask();
}
