using System.Collections.Concurrent;
using System.Reflection;
using Orleans.Runtime;
using OrleansHa.Runtime.Gateway.Calls;

namespace OrleansHa.Runtime.Gateway.Server;

/// <summary>
/// The grain methods this silo can serve, by wire identity: every method of every grain interface in the loaded
/// assemblies. Rescanned when an identity is missing, in case an assembly was loaded since.
/// </summary>
internal sealed class MethodCatalog
{
    private static readonly Assembly RuntimeAssembly = typeof(IAddressable).Assembly;

    private readonly ConcurrentDictionary<string, GatewayMethod> _methods = new(StringComparer.Ordinal);
    private readonly Lock _scanGate = new();
    private int _scannedAssemblies;

    public bool TryGet(string identity, out GatewayMethod method)
    {
        if (_methods.TryGetValue(identity, out method!))
        {
            return true;
        }

        Scan();
        return _methods.TryGetValue(identity, out method!);
    }

    /// <summary>Methods with the same interface and name, to explain a mismatch.</summary>
    public IEnumerable<string> SimilarTo(string identity)
    {
        var open = identity.IndexOf('(', StringComparison.Ordinal);
        var prefix = open > 0 ? identity[..(open + 1)] : identity;
        return _methods.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal);
    }

    private void Scan()
    {
        lock (_scanGate)
        {
            var assemblies = AppDomain.CurrentDomain.GetAssemblies();
            if (assemblies.Length == _scannedAssemblies)
            {
                return;
            }

            foreach (var assembly in assemblies)
            {
                // Grain interfaces live in assemblies that reference the runtime; skip the framework's.
                if (assembly.IsDynamic || (assembly != RuntimeAssembly && !assembly.GetReferencedAssemblies().Any(n => n.Name == RuntimeAssembly.GetName().Name)))
                {
                    continue;
                }

                foreach (var type in TypesOf(assembly))
                {
                    if (!type.IsInterface || type == typeof(IAddressable) || !typeof(IAddressable).IsAssignableFrom(type) || type.ContainsGenericParameters)
                    {
                        continue;
                    }

                    foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
                    {
                        if (method.IsGenericMethod || method.IsSpecialName)
                        {
                            continue;
                        }

                        try
                        {
                            var entry = new GatewayMethod(method);
                            _methods.TryAdd(entry.Identity, entry);
                        }
                        catch (NotSupportedException)
                        {
                            // Not callable through a gateway (e.g. a synchronous method on an observer interface).
                        }
                    }
                }
            }

            _scannedAssemblies = assemblies.Length;
        }
    }

    private static Type[] TypesOf(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException partial)
        {
            return partial.Types.Where(t => t is not null).ToArray()!;
        }
    }
}
