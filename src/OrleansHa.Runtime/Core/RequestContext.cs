using System.Collections.Immutable;
using OrleansHa.Runtime.Engine;

namespace Orleans.Runtime;

/// <summary>
/// Values that flow with a call: what a caller sets here is visible in the grain it calls and in the calls that grain makes.
/// Changes made by the callee do not flow back to the caller.
/// </summary>
public static class RequestContext
{
    /// <summary>All entries in the current context.</summary>
    public static IEnumerable<KeyValuePair<string, object>> Entries => CallContext.Values;

    /// <summary>The keys of the current context.</summary>
    public static IEnumerable<string> Keys => CallContext.Values.Keys;

    /// <summary>Reads a value, or null.</summary>
    public static object? Get(string key) => CallContext.Values.TryGetValue(key, out var value) ? value : null;

    /// <summary>Sets a value for this flow and the calls it makes.</summary>
    public static void Set(string key, object value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        CallContext.Values = CallContext.Values.SetItem(key, value);
    }

    /// <summary>Removes a value; true if it was present.</summary>
    public static bool Remove(string key)
    {
        var values = CallContext.Values;
        if (!values.ContainsKey(key))
        {
            return false;
        }

        CallContext.Values = values.Remove(key);
        return true;
    }

    /// <summary>Removes every value.</summary>
    public static void Clear() => CallContext.Values = ImmutableDictionary<string, object>.Empty;
}
