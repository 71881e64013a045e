using System.Collections.Immutable;
using Orleans.Runtime;

namespace OrleansHa.Runtime.Engine;

/// <summary>The current <see cref="CallContextData"/>, flowing with the execution context like Orleans' request context.</summary>
internal static class CallContext
{
    private static readonly AsyncLocal<CallContextData?> Holder = new();

    public static CallContextData? Current
    {
        get => Holder.Value;
        set => Holder.Value = value;
    }

    public static ImmutableDictionary<string, object> Values
    {
        get => Holder.Value?.Values ?? ImmutableDictionary<string, object>.Empty;
        set => Holder.Value = Holder.Value is { } current ? current.WithValues(value) : new CallContextData(value, default, null);
    }

    /// <summary>The grain whose turn is running, if any.</summary>
    public static GrainId? CurrentGrain => Holder.Value is { Grain.IsDefault: false } current ? current.Grain : null;
}
