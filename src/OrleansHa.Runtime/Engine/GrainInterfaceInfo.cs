using System.Collections.Concurrent;
using System.Reflection;
using Orleans.Runtime;

namespace OrleansHa.Runtime.Engine;

/// <summary>A validated grain interface: its methods (own and inherited, in a fixed order) and its key kind. Cached per type.</summary>
internal sealed class GrainInterfaceInfo
{
    private static readonly ConcurrentDictionary<Type, GrainInterfaceInfo> Cache = new();
    private readonly Dictionary<MethodInfo, GrainMethod> _byMethod;

    private GrainInterfaceInfo(Type interfaceType, GrainMethod[] methods)
    {
        InterfaceType = interfaceType;
        Methods = methods;
        KeyKind = GrainKeys.KindOf(interfaceType);
        _byMethod = methods.ToDictionary(m => m.Method);
    }

    public Type InterfaceType { get; }

    public GrainMethod[] Methods { get; }

    public GrainKeyKind KeyKind { get; }

    /// <summary>The interface's info; validates it on first use.</summary>
    /// <exception cref="ArgumentException">The type is not a grain interface, or a method cannot be a grain method.</exception>
    public static GrainInterfaceInfo Get(Type interfaceType) => Cache.GetOrAdd(interfaceType, Create);

    /// <summary>Every problem with <paramref name="interfaceType"/> as a grain interface (empty when it is fine).</summary>
    public static List<string> Problems(Type interfaceType)
    {
        var problems = new List<string>();
        if (!interfaceType.IsInterface || !typeof(IAddressable).IsAssignableFrom(interfaceType))
        {
            problems.Add($"{interfaceType.FullName} is not a grain interface: expected an interface deriving from IGrainWithStringKey, IGrainWithGuidKey, IGrainWithIntegerKey (or a compound key variant) or IGrainObserver.");
            return problems;
        }

        if (interfaceType.ContainsGenericParameters)
        {
            problems.Add($"{interfaceType.FullName} is an open generic interface; use a closed type such as IFoo<int>.");
        }

        problems.AddRange(AllMethods(interfaceType).Select(m => GrainMethod.Problem(m.DeclaringType!, m)).OfType<string>());
        return problems;
    }

    public GrainMethod Find(MethodInfo method)
        => _byMethod.TryGetValue(method, out var found)
            ? found
            : throw new ArgumentException($"{method.DeclaringType?.FullName}.{method.Name} is not a method of grain interface {InterfaceType.FullName}.", nameof(method));

    public static IEnumerable<MethodInfo> AllMethods(Type interfaceType)
        => new[] { interfaceType }.Concat(interfaceType.GetInterfaces())
            .SelectMany(i => i.GetMethods(BindingFlags.Public | BindingFlags.Instance));

    private static GrainInterfaceInfo Create(Type interfaceType)
    {
        var problems = Problems(interfaceType);
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(interfaceType));
        }

        var methods = AllMethods(interfaceType).Select((m, i) => GrainMethod.Create(m.DeclaringType!, m, i)).ToArray();
        return new GrainInterfaceInfo(interfaceType, methods);
    }
}
