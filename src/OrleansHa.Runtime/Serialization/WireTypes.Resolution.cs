using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Serialization;
using Orleans;

namespace OrleansHa.Runtime.Serialization;

/// <summary>Finding types by wire name among loaded assemblies.</summary>
internal static partial class WireTypes
{
    private static readonly ConcurrentDictionary<string, Type> ByFullName = new(StringComparer.Ordinal);
    private static readonly Lock AliasLock = new();
    private static Dictionary<string, List<Type>> _aliases = new(StringComparer.Ordinal);
    private static int _scannedAssemblies = -1;

    public static string? AliasOf(Type type)
        => type.IsDefined(typeof(GenerateSerializerAttribute), inherit: false) ? type.GetCustomAttribute<AliasAttribute>(inherit: false)?.Alias : null;

    /// <summary>
    /// Finds a type by built-in name, alias, or <c>Full.Name,Assembly</c>. Several types may carry one alias
    /// (two versions of a contract): then the one assignable to <paramref name="expected"/> wins.
    /// </summary>
    public static Type? ResolveName(string name, Type? expected, int arity)
    {
        if (BuiltInByName.TryGetValue(name, out var builtIn))
        {
            return builtIn;
        }

        var comma = name.LastIndexOf(',');
        if (comma > 0)
        {
            if (ByFullName.TryGetValue(name, out var cached))
            {
                return cached;
            }

            // Only found types are cached: an assembly loaded later may still declare an unknown name.
            var loaded = FindLoaded(name);
            if (loaded is not null)
            {
                ByFullName[name] = loaded;
            }

            return loaded;
        }

        var candidates = AliasCandidates(name);
        if (candidates.Count == 1)
        {
            return candidates[0];
        }

        var fitting = candidates
            .Where(c => (arity == 0 ? !c.IsGenericTypeDefinition : c.IsGenericTypeDefinition && c.GetGenericArguments().Length == arity)
                && (expected is null || arity > 0 || expected.IsAssignableFrom(c)))
            .ToList();
        return fitting.Count switch
        {
            0 => null,
            1 => fitting[0],
            _ => throw new SerializationException($"Alias '{name}' is claimed by several types ({string.Join(", ", fitting.Select(t => t.FullName))}); give each its own alias."),
        };
    }

    private static Type? FindLoaded(string name)
    {
        var comma = name.LastIndexOf(',');
        var fullName = name[..comma];
        var assemblyName = name[(comma + 1)..];
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (assembly.GetName().Name == assemblyName)
            {
                var type = assembly.GetType(fullName, throwOnError: false);
                if (type is not null)
                {
                    return type;
                }
            }
        }

        return null;
    }

    private static List<Type> AliasCandidates(string alias)
    {
        var aliases = _aliases;
        if (aliases.TryGetValue(alias, out var found))
        {
            return found;
        }

        // Unknown alias: rescan if assemblies were loaded since the last scan.
        lock (AliasLock)
        {
            var assemblies = AppDomain.CurrentDomain.GetAssemblies();
            if (assemblies.Length != _scannedAssemblies)
            {
                _aliases = ScanAliases(assemblies);
                _scannedAssemblies = assemblies.Length;
            }

            return _aliases.TryGetValue(alias, out found) ? found : [];
        }
    }

    /// <summary>Aliases of [GenerateSerializer] types in our assembly and the assemblies that reference it.</summary>
    private static Dictionary<string, List<Type>> ScanAliases(Assembly[] assemblies)
    {
        var ours = typeof(WireTypes).Assembly;
        var ourName = ours.GetName().Name;
        var result = new Dictionary<string, List<Type>>(StringComparer.Ordinal);
        foreach (var assembly in assemblies)
        {
            if (assembly != ours && (assembly.IsDynamic || !assembly.GetReferencedAssemblies().Any(a => a.Name == ourName)))
            {
                continue;
            }

            Type?[] types;
            try
            {
                types = assembly.GetTypes();
            }
            catch (ReflectionTypeLoadException e)
            {
                types = e.Types;
            }

            foreach (var type in types)
            {
                if (type is not null && AliasOf(type) is { } alias)
                {
                    if (!result.TryGetValue(alias, out var list))
                    {
                        result[alias] = list = [];
                    }

                    list.Add(type);
                }
            }
        }

        return result;
    }
}
