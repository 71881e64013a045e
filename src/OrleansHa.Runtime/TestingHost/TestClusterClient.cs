using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using OrleansHa.Runtime.Invocation;

namespace Orleans.TestingHost;

/// <summary>The test cluster's client: references made here call whichever silo is running, so they survive restarts.</summary>
internal sealed class TestClusterClient : IClusterClient, IGrainCallInvoker, IGrainTypeResolver
{
    private readonly InProcessTestCluster _cluster;
    private readonly GrainReferenceFactory _factory;

    public TestClusterClient(InProcessTestCluster cluster)
    {
        _cluster = cluster;
        _factory = new GrainReferenceFactory(this, this, new ServiceCollection().BuildServiceProvider());
    }

    public IServiceProvider ServiceProvider => _cluster.GetSiloServiceProvider();

    private IClusterClient SiloClient => ServiceProvider.GetRequiredService<IClusterClient>();

    public Task<object?> InvokeAsync(GrainId target, MethodInfo interfaceMethod, object?[] arguments)
        => _cluster.Primary is { } silo
            ? silo.ServiceProvider.GetRequiredService<IGrainCallInvoker>().InvokeAsync(target, interfaceMethod, arguments)
            : Task.FromException<object?>(new SiloUnavailableException("No silo of the test cluster is running."));

    public GrainType ResolveGrainType(Type grainInterface, string? grainClassNamePrefix)
        => ServiceProvider.GetRequiredService<IGrainTypeResolver>().ResolveGrainType(grainInterface, grainClassNamePrefix);

    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithStringKey => _factory.GetGrain<TGrainInterface>(primaryKey, grainClassNamePrefix);

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithGuidKey => _factory.GetGrain<TGrainInterface>(primaryKey, grainClassNamePrefix);

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithIntegerKey => _factory.GetGrain<TGrainInterface>(primaryKey, grainClassNamePrefix);

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string keyExtension, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithGuidCompoundKey => _factory.GetGrain<TGrainInterface>(primaryKey, keyExtension, grainClassNamePrefix);

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string keyExtension, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithIntegerCompoundKey => _factory.GetGrain<TGrainInterface>(primaryKey, keyExtension, grainClassNamePrefix);

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IAddressable => _factory.GetGrain<TGrainInterface>(grainId);

    public IAddressable GetGrain(Type interfaceType, GrainId grainId) => _factory.GetGrain(interfaceType, grainId);

    public IGrain GetGrain(Type grainInterfaceType, string grainPrimaryKey) => _factory.GetGrain(grainInterfaceType, grainPrimaryKey);

    public IGrain GetGrain(Type grainInterfaceType, Guid grainPrimaryKey) => _factory.GetGrain(grainInterfaceType, grainPrimaryKey);

    public IGrain GetGrain(Type grainInterfaceType, long grainPrimaryKey) => _factory.GetGrain(grainInterfaceType, grainPrimaryKey);

    public IGrain GetGrain(Type grainInterfaceType, Guid grainPrimaryKey, string keyExtension) => _factory.GetGrain(grainInterfaceType, grainPrimaryKey, keyExtension);

    public IGrain GetGrain(Type grainInterfaceType, long grainPrimaryKey, string keyExtension) => _factory.GetGrain(grainInterfaceType, grainPrimaryKey, keyExtension);

    // Observers live in the silo's process, so the silo's own factory makes their references.
    public TGrainObserverInterface CreateObjectReference<TGrainObserverInterface>(IGrainObserver obj)
        where TGrainObserverInterface : IGrainObserver => SiloClient.CreateObjectReference<TGrainObserverInterface>(obj);

    public void DeleteObjectReference<TGrainObserverInterface>(IGrainObserver obj)
        where TGrainObserverInterface : IGrainObserver => SiloClient.DeleteObjectReference<TGrainObserverInterface>(obj);
}
