using System.Reflection;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using OrleansHa.Runtime.Invocation;

namespace OrleansHa.Runtime.Engine;

/// <summary>
/// The silo's grain classes (from <see cref="GrainTypeOptions.Classes"/>, or else every loaded assembly that references
/// this runtime), validated at startup: each grain interface method must return a task, grain type names must be unique.
/// </summary>
internal sealed class GrainClassCatalog
{
    private readonly Dictionary<GrainType, GrainClassInfo> _byType = [];

    public GrainClassCatalog(IOptions<GrainTypeOptions> options)
    {
        var classes = options.Value.Classes.Count > 0 ? options.Value.Classes.ToList() : Scan();
        var problems = new List<string>();
        var mappings = new List<GrainInterfaceMapping>();
        foreach (var type in classes.OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            GrainClassInfo info;
            try
            {
                info = new GrainClassInfo(type);
            }
            catch (OrleansConfigurationException exception)
            {
                problems.Add(exception.Message);
                continue;
            }

            if (_byType.TryGetValue(info.GrainType, out var other))
            {
                problems.Add($"Grain classes {other.ClassType.FullName} and {type.FullName} both have grain type '{info.GrainType}'; rename one.");
                continue;
            }

            _byType.Add(info.GrainType, info);
            foreach (var grainInterface in info.Interfaces)
            {
                problems.AddRange(GrainInterfaceInfo.Problems(grainInterface));
                mappings.Add(new GrainInterfaceMapping(GrainTypeTable.InterfaceNameOf(grainInterface), info.GrainType.ToString(), type.FullName));
            }
        }

        if (problems.Count > 0)
        {
            throw new OrleansConfigurationException("Invalid grain classes or interfaces: " + string.Join(" ", problems.Distinct()));
        }

        TypeTable = new GrainTypeTable(mappings);
    }

    public GrainTypeTable TypeTable { get; }

    public IReadOnlyCollection<GrainClassInfo> Classes => _byType.Values;

    public bool TryGet(GrainType grainType, out GrainClassInfo info) => _byType.TryGetValue(grainType, out info!);

    public static bool IsGrainClass(Type type)
        => type is { IsClass: true, IsAbstract: false, ContainsGenericParameters: false }
            && typeof(IGrain).IsAssignableFrom(type)
            && typeof(IGrainBase).IsAssignableFrom(type);

    private static List<Type> Scan()
    {
        var runtime = typeof(Grain).Assembly.GetName().Name;
        var assemblies = new HashSet<Assembly>(AppDomain.CurrentDomain.GetAssemblies());
        if (Assembly.GetEntryAssembly() is { } entry)
        {
            LoadReferences(entry, assemblies, runtime!);
        }

        return assemblies
            .Where(a => !a.IsDynamic && a.GetReferencedAssemblies().Any(r => r.Name == runtime))
            .SelectMany(LoadableTypes)
            .Where(IsGrainClass)
            .ToList();
    }

    private static void LoadReferences(Assembly assembly, HashSet<Assembly> seen, string runtime)
    {
        foreach (var name in assembly.GetReferencedAssemblies())
        {
            if (name.Name is null || name.Name.StartsWith("System", StringComparison.Ordinal) || name.Name.StartsWith("Microsoft", StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                var loaded = Assembly.Load(name);
                if (seen.Add(loaded))
                {
                    LoadReferences(loaded, seen, runtime);
                }
            }
            catch (IOException)
            {
                // An optional reference that is not deployed cannot hold grain classes we need.
            }
        }
    }

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException exception)
        {
            return exception.Types.OfType<Type>();
        }
    }
}
