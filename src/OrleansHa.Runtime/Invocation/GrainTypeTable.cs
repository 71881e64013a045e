using Orleans.Runtime;

namespace OrleansHa.Runtime.Invocation;

/// <summary>A resolver built from a table of interface mappings; the silo builds one from its grain classes and can export it.</summary>
public sealed class GrainTypeTable : IGrainTypeResolver
{
    private readonly Dictionary<string, GrainInterfaceMapping[]> _byInterface;

    /// <summary>Builds a resolver from an exported table.</summary>
    public GrainTypeTable(IEnumerable<GrainInterfaceMapping> mappings)
    {
        ArgumentNullException.ThrowIfNull(mappings);
        Mappings = mappings.ToList();
        _byInterface = Mappings.GroupBy(m => m.InterfaceName, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The rows of the table.</summary>
    public IReadOnlyList<GrainInterfaceMapping> Mappings { get; }

    /// <summary>The interface name used in the table: the type's full name.</summary>
    public static string InterfaceNameOf(Type grainInterface) => grainInterface.FullName ?? grainInterface.Name;

    /// <inheritdoc/>
    public GrainType ResolveGrainType(Type grainInterface, string? grainClassNamePrefix)
    {
        ArgumentNullException.ThrowIfNull(grainInterface);
        var name = InterfaceNameOf(grainInterface);
        if (!_byInterface.TryGetValue(name, out var candidates))
        {
            throw new ArgumentException($"No grain class implements interface {name}: add a class deriving from Grain that implements it to the silo.", nameof(grainInterface));
        }

        var matching = grainClassNamePrefix is null
            ? candidates
            : candidates.Where(c => c.ClassFullName?.StartsWith(grainClassNamePrefix, StringComparison.Ordinal) == true).ToArray();
        return matching.Length switch
        {
            1 => GrainType.Create(matching[0].GrainType),
            0 => throw new ArgumentException($"No grain class implementing {name} has a full name starting with '{grainClassNamePrefix}'. Candidates: {string.Join(", ", candidates.Select(c => c.ClassFullName))}.", nameof(grainClassNamePrefix)),
            _ => throw new ArgumentException($"Several grain classes implement {name} ({string.Join(", ", matching.Select(c => c.ClassFullName))}): pass a grainClassNamePrefix that singles one out.", nameof(grainClassNamePrefix)),
        };
    }
}
