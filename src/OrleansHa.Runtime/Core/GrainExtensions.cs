using Orleans.Runtime;
using OrleansHa.Runtime.Engine;

namespace Orleans;

/// <summary>Identity helpers for grains and grain references.</summary>
public static class GrainExtensions
{
    /// <summary>The grain's id.</summary>
    /// <exception cref="ArgumentException">The object is neither a grain nor a grain reference.</exception>
    public static GrainId GetGrainId(this IAddressable grain) => Identity(grain).Id;

    /// <summary>The string key of a grain with a string key.</summary>
    public static string GetPrimaryKeyString(this IAddressable grain)
    {
        var (id, kind) = Identity(grain);
        return GrainKeys.GetString(id, kind);
    }

    /// <summary>The Guid key of a grain with a Guid key.</summary>
    /// <exception cref="InvalidOperationException">The grain's key is not a Guid.</exception>
    public static Guid GetPrimaryKey(this IAddressable grain) => grain.GetPrimaryKey(out _);

    /// <summary>The Guid key and its extension (null when none) of a grain with a Guid key.</summary>
    /// <exception cref="InvalidOperationException">The grain's key is not a Guid.</exception>
    public static Guid GetPrimaryKey(this IAddressable grain, out string? keyExt)
    {
        var (id, kind) = Identity(grain);
        return GrainKeys.GetGuid(id, kind, out keyExt);
    }

    /// <summary>The integer key of a grain with an integer key.</summary>
    /// <exception cref="InvalidOperationException">The grain's key is not an integer.</exception>
    public static long GetPrimaryKeyLong(this IAddressable grain) => grain.GetPrimaryKeyLong(out _);

    /// <summary>The integer key and its extension (null when none) of a grain with an integer key.</summary>
    /// <exception cref="InvalidOperationException">The grain's key is not an integer.</exception>
    public static long GetPrimaryKeyLong(this IAddressable grain, out string? keyExt)
    {
        var (id, kind) = Identity(grain);
        return GrainKeys.GetLong(id, kind, out keyExt);
    }

    /// <summary>Whether the grain's key is an integer.</summary>
    public static bool IsPrimaryKeyBasedOnLong(this IAddressable grain)
    {
        var (id, kind) = Identity(grain);
        return kind is GrainKeyKind.Integer or GrainKeyKind.IntegerCompound
            || (kind == GrainKeyKind.Unknown && GrainKeys.TryParseLong(id.Key.ToString(), out _, out _));
    }

    /// <summary>A reference to this grain typed as <typeparamref name="TGrainInterface"/>.</summary>
    public static TGrainInterface AsReference<TGrainInterface>(this IAddressable grain)
        => (TGrainInterface)grain.AsReference(typeof(TGrainInterface));

    /// <summary>A reference to this grain typed as <paramref name="interfaceType"/>.</summary>
    public static object AsReference(this IAddressable grain, Type interfaceType)
    {
        ArgumentNullException.ThrowIfNull(grain);
        return grain switch
        {
            GrainReference reference => reference.Shared.Factory.GetGrain(interfaceType, reference.GrainId),
            IGrainBase grainBase => ActivationData.Of(grainBase).Runtime.GrainFactory.GetGrain(interfaceType, grainBase.GrainContext.GrainId),
            _ => throw new ArgumentException($"{grain.GetType().FullName} is neither a grain nor a grain reference.", nameof(grain)),
        };
    }

    /// <summary>Same as <see cref="AsReference{TGrainInterface}(IAddressable)"/>.</summary>
    public static TGrainInterface Cast<TGrainInterface>(this IAddressable grain) => grain.AsReference<TGrainInterface>();

    /// <summary>Same as <see cref="AsReference(IAddressable, Type)"/>.</summary>
    public static object Cast(this IAddressable grain, Type interfaceType) => grain.AsReference(interfaceType);

    private static (GrainId Id, GrainKeyKind Kind) Identity(IAddressable grain)
    {
        ArgumentNullException.ThrowIfNull(grain);
        return grain switch
        {
            GrainReference reference => (reference.GrainId, reference.Shared.KeyKind),
            IGrainBase grainBase when grainBase.GrainContext is ActivationData activation => (activation.GrainId, activation.ClassInfo.KeyKind),
            IGrainBase grainBase => (grainBase.GrainContext.GrainId, GrainKeyKind.Unknown),
            _ => throw new ArgumentException($"{grain.GetType().FullName} is neither a grain nor a grain reference.", nameof(grain)),
        };
    }
}
