using System.Diagnostics.CodeAnalysis;

namespace Orleans.Runtime;

/// <summary>Identifies a grain: its type and its key. Printed and parsed as <c>{type}/{key}</c>.</summary>
public readonly struct GrainId : IEquatable<GrainId>, IComparable<GrainId>, ISpanFormattable, ISpanParsable<GrainId>
{
    /// <summary>Creates a grain id.</summary>
    public GrainId(GrainType type, IdSpan key)
    {
        Type = type;
        Key = key;
    }

    /// <summary>Whether this is the default (empty) id.</summary>
    public bool IsDefault => Type.IsDefault && Key.IsDefault;

    /// <summary>The grain's key.</summary>
    public IdSpan Key { get; }

    /// <summary>The grain's type.</summary>
    public GrainType Type { get; }

    /// <summary>Creates a grain id.</summary>
    public static GrainId Create(GrainType type, IdSpan key) => new(type, key);

    /// <summary>Creates a grain id.</summary>
    public static GrainId Create(GrainType type, string key) => new(type, IdSpan.Create(key));

    /// <summary>Creates a grain id.</summary>
    public static GrainId Create(string type, string key) => new(GrainType.Create(type), IdSpan.Create(key));

    /// <inheritdoc/>
    public int CompareTo(GrainId other)
    {
        var byType = Type.CompareTo(other.Type);
        return byType != 0 ? byType : Key.CompareTo(other.Key);
    }

    /// <inheritdoc/>
    public bool Equals(GrainId other) => Type.Equals(other.Type) && Key.Equals(other.Key);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is GrainId other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Type, Key);

    /// <summary>A hash code that is the same in every process.</summary>
    public uint GetUniformHashCode() => (Type.GetUniformHashCode() * 31) ^ Key.GetUniformHashCode();

    /// <summary>Equality.</summary>
    public static bool operator ==(GrainId left, GrainId right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(GrainId left, GrainId right) => !left.Equals(right);

    /// <summary>Ordering.</summary>
    public static bool operator <(GrainId left, GrainId right) => left.CompareTo(right) < 0;

    /// <summary>Ordering.</summary>
    public static bool operator >(GrainId left, GrainId right) => left.CompareTo(right) > 0;

    /// <summary>Ordering.</summary>
    public static bool operator <=(GrainId left, GrainId right) => left.CompareTo(right) <= 0;

    /// <summary>Ordering.</summary>
    public static bool operator >=(GrainId left, GrainId right) => left.CompareTo(right) >= 0;

    /// <summary>Parses <c>{type}/{key}</c>; the type is everything before the first '/'.</summary>
    /// <exception cref="FormatException">The text has no '/' or an empty type.</exception>
    public static GrainId Parse(string value)
        => TryParse(value, out var id)
            ? id
            : throw new FormatException($"'{value}' is not a grain id: expected '{{type}}/{{key}}' with a non-empty type.");

    /// <summary>Parses <c>{type}/{key}</c>.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, out GrainId result)
    {
        var slash = value?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (value is null || slash <= 0)
        {
            result = default;
            return false;
        }

        result = Create(value[..slash], value[(slash + 1)..]);
        return true;
    }

    static GrainId IParsable<GrainId>.Parse(string s, IFormatProvider? provider) => Parse(s);

    static bool IParsable<GrainId>.TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out GrainId result)
        => TryParse(s, out result);

    static GrainId ISpanParsable<GrainId>.Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => Parse(s.ToString());

    static bool ISpanParsable<GrainId>.TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out GrainId result)
        => TryParse(s.ToString(), out result);

    /// <inheritdoc/>
    public override string ToString() => $"{Type}/{Key}";

    /// <inheritdoc/>
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc/>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
        => destination.TryWrite($"{Type}/{Key}", out charsWritten);
}
