using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Concurrency;
using Orleans.Runtime;
using Orleans.Serialization.Invocation;

namespace OrleansHa.Runtime.Engine;

/// <summary>A grain class: its grain type, key kind, scheduling attributes, and how to construct it.</summary>
internal sealed class GrainClassInfo
{
    private readonly ConstructorInfo? _constructor;
    private readonly Func<ActivationData, object?>[] _arguments = [];

    private GrainClassInfo(Type observerType, GrainType grainType)
    {
        ClassType = observerType;
        GrainType = grainType;
        Interfaces = observerType.GetInterfaces().Where(i => typeof(IGrainObserver).IsAssignableFrom(i) && i != typeof(IGrainObserver)).ToArray();
        PrimaryInterface = Interfaces.FirstOrDefault() ?? typeof(IGrainObserver);
        Reentrant = true;
        KeepAlive = true;
    }

    public GrainClassInfo(Type classType)
    {
        ClassType = classType;
        GrainType = GrainType.Create(DefaultGrainTypeName(classType));
        Interfaces = classType.GetInterfaces().Where(IsGrainInterface).ToArray();
        PrimaryInterface = Interfaces.FirstOrDefault(i => i != typeof(IRemindable)) ?? typeof(IRemindable);
        KeyKind = GrainKeys.KindOf(classType);
        Reentrant = classType.IsDefined(typeof(ReentrantAttribute), inherit: true);
        var worker = classType.GetCustomAttribute<StatelessWorkerAttribute>(inherit: true);
        MaxLocalWorkers = worker is null ? 0 : worker.MaxLocalWorkers > 0 ? worker.MaxLocalWorkers : Environment.ProcessorCount;
        var ageLimit = classType.GetCustomAttribute<CollectionAgeLimitAttribute>(inherit: true);
        KeepAlive = classType.IsDefined(typeof(KeepAliveAttribute), inherit: true) || ageLimit?.AlwaysActive == true;
        AgeLimit = ageLimit is { AlwaysActive: false, AgeLimit.Ticks: > 0 } ? ageLimit.AgeLimit : null;
        MayInterleave = BindMayInterleave(classType);
        OverridesOnActivate = Overrides(classType, nameof(Grain.OnActivateAsync));
        OverridesOnDeactivate = Overrides(classType, nameof(Grain.OnDeactivateAsync));
        _constructor = PickConstructor(classType);
        _arguments = _constructor.GetParameters().Select(BindParameter).ToArray();
    }

    public Type ClassType { get; }

    public GrainType GrainType { get; }

    public Type[] Interfaces { get; }

    public Type PrimaryInterface { get; }

    public GrainKeyKind KeyKind { get; }

    public bool Reentrant { get; }

    /// <summary>0 unless the class is a [StatelessWorker].</summary>
    public int MaxLocalWorkers { get; }

    public bool KeepAlive { get; }

    public TimeSpan? AgeLimit { get; }

    public Func<IInvokable, bool>? MayInterleave { get; }

    public bool OverridesOnActivate { get; }

    public bool OverridesOnDeactivate { get; }

    /// <summary>The class name lower-cased without a trailing "Grain" (CounterGrain → counter), as Orleans names grain types.</summary>
    public static string DefaultGrainTypeName(Type type)
    {
        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        if (tick > 0)
        {
            name = name[..tick];
        }

        if (name.Length > 5 && name.EndsWith("Grain", StringComparison.Ordinal))
        {
            name = name[..^5];
        }

        return name.ToLowerInvariant();
    }

    public static bool IsGrainInterface(Type type)
        => type.IsInterface && typeof(IGrain).IsAssignableFrom(type) && type != typeof(IGrain)
            && type != typeof(IGrainWithStringKey) && type != typeof(IGrainWithGuidKey) && type != typeof(IGrainWithIntegerKey)
            && type != typeof(IGrainWithGuidCompoundKey) && type != typeof(IGrainWithIntegerCompoundKey);

    /// <summary>A client observer: an existing object, reentrant, never collected.</summary>
    public static GrainClassInfo ForObserver(Type observerType) => new(observerType, SiloRuntime.ObserverType);

    public object Create(ActivationData activation)
    {
        if (_constructor is null)
        {
            throw new InvalidOperationException($"{ClassType.FullName} is an observer; the runtime does not construct it.");
        }

        var arguments = new object?[_arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = _arguments[i](activation);
        }

        try
        {
            return _constructor.Invoke(arguments);
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(exception.InnerException);
            throw;
        }
    }

    private static bool Overrides(Type type, string name)
        => type.GetMethods(BindingFlags.Public | BindingFlags.Instance).Any(m => m.Name == name && m.DeclaringType != typeof(Grain))
            || !typeof(Grain).IsAssignableFrom(type);

    private static ConstructorInfo PickConstructor(Type type)
    {
        var constructors = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance);
        return constructors.FirstOrDefault(c => c.IsDefined(typeof(ActivatorUtilitiesConstructorAttribute)))
            ?? constructors.OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
            ?? throw new OrleansConfigurationException($"Grain class {type.FullName} has no public constructor.");
    }

    private static Func<IInvokable, bool>? BindMayInterleave(Type type)
    {
        var attribute = type.GetCustomAttribute<MayInterleaveAttribute>(inherit: true);
        if (attribute is null)
        {
            return null;
        }

        var method = type.GetMethod(attribute.CallbackMethodName, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, [typeof(IInvokable)]);
        return method is not null && method.ReturnType == typeof(bool)
            ? method.CreateDelegate<Func<IInvokable, bool>>()
            : throw new OrleansConfigurationException(
                $"[MayInterleave(\"{attribute.CallbackMethodName}\")] on {type.FullName}: expected a static method 'bool {attribute.CallbackMethodName}(IInvokable request)' on the class.");
    }

    private Func<ActivationData, object?> BindParameter(ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (parameter.GetCustomAttribute<PersistentStateAttribute>() is { } state)
        {
            if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(IPersistentState<>))
            {
                throw new OrleansConfigurationException(
                    $"Parameter '{parameter.Name}' of {ClassType.FullName}'s constructor has [PersistentState] but type {type.Name}; expected IPersistentState<TState>.");
            }

            return PersistentStateBinder.Bind(type.GetGenericArguments()[0], state, ClassType);
        }

        if (type == typeof(IGrainContext))
        {
            return static activation => activation;
        }

        var name = parameter.Name;
        var hasDefault = parameter.HasDefaultValue;
        var defaultValue = parameter.DefaultValue;
        return activation => activation.Runtime.Services.GetService(type)
            ?? (hasDefault ? defaultValue : throw new InvalidOperationException(
                $"Cannot construct grain {activation.GrainId} ({ClassType.FullName}): no service of type {type.FullName} is registered for constructor parameter '{name}'. Register it in the silo's services."));
    }
}
