using System.Globalization;
using Orleans;
using Orleans.Runtime;

namespace OrleansHa.Runtime.Engine;

/// <summary>
/// Key encoding, as Orleans does it: integer keys as 16 lower-case hex digits, Guid keys in "N" format, and a compound
/// key's extension after a '+'. String keys are used as they are.
/// </summary>
internal static class GrainKeys
{
    public static GrainKeyKind KindOf(Type type)
    {
        // The most specific marker wins; a class implementing several key kinds reports the first found in this order.
        if (typeof(IGrainWithStringKey).IsAssignableFrom(type))
        {
            return GrainKeyKind.String;
        }

        if (typeof(IGrainWithGuidCompoundKey).IsAssignableFrom(type))
        {
            return GrainKeyKind.GuidCompound;
        }

        if (typeof(IGrainWithIntegerCompoundKey).IsAssignableFrom(type))
        {
            return GrainKeyKind.IntegerCompound;
        }

        if (typeof(IGrainWithGuidKey).IsAssignableFrom(type))
        {
            return GrainKeyKind.Guid;
        }

        return typeof(IGrainWithIntegerKey).IsAssignableFrom(type) ? GrainKeyKind.Integer : GrainKeyKind.Unknown;
    }

    public static string Describe(GrainKeyKind kind) => kind switch
    {
        GrainKeyKind.String => "a string key (IGrainWithStringKey)",
        GrainKeyKind.Guid => "a Guid key (IGrainWithGuidKey)",
        GrainKeyKind.Integer => "an integer key (IGrainWithIntegerKey)",
        GrainKeyKind.GuidCompound => "a Guid compound key (IGrainWithGuidCompoundKey)",
        GrainKeyKind.IntegerCompound => "an integer compound key (IGrainWithIntegerCompoundKey)",
        _ => "a key of unknown kind",
    };

    public static IdSpan Integer(long key, string? extension)
        => IdSpan.Create(extension is null ? key.ToString("x16", CultureInfo.InvariantCulture) : $"{key:x16}+{extension}");

    public static IdSpan Guid(Guid key, string? extension)
        => IdSpan.Create(extension is null ? key.ToString("N") : $"{key:N}+{extension}");

    public static string GetString(GrainId id, GrainKeyKind kind) => id.Key.ToString();

    public static long GetLong(GrainId id, GrainKeyKind kind, out string? extension)
    {
        if (kind is GrainKeyKind.String or GrainKeyKind.Guid or GrainKeyKind.GuidCompound)
        {
            throw new InvalidOperationException(
                $"Grain {id} has {Describe(kind)}, not an integer key: use {(kind == GrainKeyKind.String ? "GetPrimaryKeyString()" : "GetPrimaryKey()")} instead of GetPrimaryKeyLong().");
        }

        return TryParseLong(id.Key.ToString(), out var key, out extension)
            ? key
            : throw new InvalidOperationException($"Grain {id} does not have an integer key (16 hex digits, optionally '+extension'): use GetPrimaryKeyString().");
    }

    public static Guid GetGuid(GrainId id, GrainKeyKind kind, out string? extension)
    {
        if (kind is GrainKeyKind.String or GrainKeyKind.Integer or GrainKeyKind.IntegerCompound)
        {
            throw new InvalidOperationException(
                $"Grain {id} has {Describe(kind)}, not a Guid key: use {(kind == GrainKeyKind.String ? "GetPrimaryKeyString()" : "GetPrimaryKeyLong()")} instead of GetPrimaryKey().");
        }

        var text = id.Key.ToString();
        var plus = text.IndexOf('+', StringComparison.Ordinal);
        extension = plus < 0 ? null : text[(plus + 1)..];
        return System.Guid.TryParseExact(plus < 0 ? text : text[..plus], "N", out var key)
            ? key
            : throw new InvalidOperationException($"Grain {id} does not have a Guid key (32 hex digits, optionally '+extension'): use GetPrimaryKeyString().");
    }

    public static bool TryParseLong(string text, out long key, out string? extension)
    {
        var plus = text.IndexOf('+', StringComparison.Ordinal);
        extension = plus < 0 ? null : text[(plus + 1)..];
        var digits = plus < 0 ? text.AsSpan() : text.AsSpan(0, plus);
        return long.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out key) && digits.Length == 16;
    }
}
