using System.Collections.Concurrent;
using Orleans;
using Orleans.Runtime;
using OrleansHa.Runtime.Engine;

namespace OrleansHa.Runtime.Invocation;

/// <summary>
/// An <see cref="IGrainFactory"/> whose references send every call through an invoker: the silo uses it over its local
/// invoker (which it recognises and calls through a typed fast path), the gateway client over its connection.
/// </summary>
public sealed class GrainReferenceFactory : IClusterClient
{
    private readonly IGrainTypeResolver _resolver;
    private readonly IReferenceRuntime _runtime;
    private readonly ConcurrentDictionary<Type, GrainReferenceShared> _shared = new();

    /// <summary>Creates a factory over <paramref name="invoker"/>.</summary>
    public GrainReferenceFactory(IGrainCallInvoker invoker, IGrainTypeResolver resolver, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        _resolver = resolver ?? throw new ArgumentNullException(nameof(resolver));
        ServiceProvider = services ?? throw new ArgumentNullException(nameof(services));
        _runtime = invoker is LocalGrainCallInvoker local ? local.Runtime : new InvokerReferenceRuntime(invoker);
    }

    /// <inheritdoc/>
    public IServiceProvider ServiceProvider { get; }

    /// <inheritdoc/>
    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(primaryKey);
        return Create<TGrainInterface>(IdSpan.Create(primaryKey), grainClassNamePrefix);
    }

    /// <inheritdoc/>
    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithGuidKey
        => Create<TGrainInterface>(GrainKeys.Guid(primaryKey, null), grainClassNamePrefix);

    /// <inheritdoc/>
    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithIntegerKey
        => Create<TGrainInterface>(GrainKeys.Integer(primaryKey, null), grainClassNamePrefix);

    /// <inheritdoc/>
    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string keyExtension, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithGuidCompoundKey
        => Create<TGrainInterface>(GrainKeys.Guid(primaryKey, CheckExtension(keyExtension)), grainClassNamePrefix);

    /// <inheritdoc/>
    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string keyExtension, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithIntegerCompoundKey
        => Create<TGrainInterface>(GrainKeys.Integer(primaryKey, CheckExtension(keyExtension)), grainClassNamePrefix);

    /// <inheritdoc/>
    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IAddressable
        => (TGrainInterface)GetGrain(typeof(TGrainInterface), grainId);

    /// <inheritdoc/>
    public IAddressable GetGrain(Type interfaceType, GrainId grainId)
    {
        ArgumentNullException.ThrowIfNull(interfaceType);
        if (grainId.IsDefault)
        {
            throw new ArgumentException("The grain id is the default (empty) id.", nameof(grainId));
        }

        var shared = _shared.GetOrAdd(interfaceType, static (t, self) => new GrainReferenceShared(GrainInterfaceInfo.Get(t), self._runtime, self), this);
        var reference = ProxyGenerator.FactoryFor(shared.Interface)();
        reference.Initialize(shared, grainId);
        return reference;
    }

    /// <inheritdoc/>
    public IGrain GetGrain(Type grainInterfaceType, string grainPrimaryKey)
        => Untyped(grainInterfaceType, GrainKeyKind.String, IdSpan.Create(grainPrimaryKey));

    /// <inheritdoc/>
    public IGrain GetGrain(Type grainInterfaceType, Guid grainPrimaryKey)
        => Untyped(grainInterfaceType, GrainKeyKind.Guid, GrainKeys.Guid(grainPrimaryKey, null));

    /// <inheritdoc/>
    public IGrain GetGrain(Type grainInterfaceType, long grainPrimaryKey)
        => Untyped(grainInterfaceType, GrainKeyKind.Integer, GrainKeys.Integer(grainPrimaryKey, null));

    /// <inheritdoc/>
    public IGrain GetGrain(Type grainInterfaceType, Guid grainPrimaryKey, string keyExtension)
        => Untyped(grainInterfaceType, GrainKeyKind.GuidCompound, GrainKeys.Guid(grainPrimaryKey, CheckExtension(keyExtension)));

    /// <inheritdoc/>
    public IGrain GetGrain(Type grainInterfaceType, long grainPrimaryKey, string keyExtension)
        => Untyped(grainInterfaceType, GrainKeyKind.IntegerCompound, GrainKeys.Integer(grainPrimaryKey, CheckExtension(keyExtension)));

    /// <inheritdoc/>
    public TGrainObserverInterface CreateObjectReference<TGrainObserverInterface>(IGrainObserver obj)
        where TGrainObserverInterface : IGrainObserver
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (_runtime is not SiloRuntime silo)
        {
            throw new NotSupportedException("Observers are supported for clients in the silo's process (e.g. the test cluster's client), not over this invoker.");
        }

        if (CallContext.CurrentGrain is { } grain)
        {
            throw new InvalidOperationException($"CreateObjectReference was called from inside grain {grain}; observers are created by clients only.");
        }

        return GetGrain<TGrainObserverInterface>(silo.RegisterObserver(obj));
    }

    /// <inheritdoc/>
    public void DeleteObjectReference<TGrainObserverInterface>(IGrainObserver obj)
        where TGrainObserverInterface : IGrainObserver
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (_runtime is SiloRuntime silo)
        {
            silo.UnregisterObserver(obj);
        }
    }

    private static string CheckExtension(string keyExtension)
        => string.IsNullOrEmpty(keyExtension) ? throw new ArgumentException("A compound key needs a non-empty key extension.", nameof(keyExtension)) : keyExtension;

    private TGrainInterface Create<TGrainInterface>(IdSpan key, string? grainClassNamePrefix)
        => (TGrainInterface)GetGrain(typeof(TGrainInterface), GrainId.Create(_resolver.ResolveGrainType(typeof(TGrainInterface), grainClassNamePrefix), key));

    private IGrain Untyped(Type grainInterfaceType, GrainKeyKind expected, IdSpan key)
    {
        ArgumentNullException.ThrowIfNull(grainInterfaceType);
        var actual = GrainKeys.KindOf(grainInterfaceType);
        if (actual != expected)
        {
            throw new InvalidOperationException($"{grainInterfaceType.FullName} has {GrainKeys.Describe(actual)}, but the key given is {GrainKeys.Describe(expected)}.");
        }

        return (IGrain)GetGrain(grainInterfaceType, GrainId.Create(_resolver.ResolveGrainType(grainInterfaceType, null), key));
    }
}
