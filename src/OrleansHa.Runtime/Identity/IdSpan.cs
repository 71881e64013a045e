using System.Text;

namespace Orleans.Runtime;

/// <summary>The key part of a <see cref="GrainId"/>: an immutable, comparable string of UTF-8 bytes.</summary>
public readonly struct IdSpan : IEquatable<IdSpan>, IComparable<IdSpan>, ISpanFormattable
{
    private readonly string? _value;

    /// <summary>Creates an id from its UTF-8 bytes.</summary>
    public IdSpan(byte[] value) => _value = value is null ? null : Encoding.UTF8.GetString(value);

    private IdSpan(string value) => _value = value;

    /// <summary>Whether this is the default (empty) id.</summary>
    public bool IsDefault => _value is null;

    /// <summary>The id's UTF-8 bytes.</summary>
    public ReadOnlyMemory<byte> Value => _value is null ? default : Encoding.UTF8.GetBytes(_value);

    /// <summary>Creates an id from a string.</summary>
    public static IdSpan Create(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return new IdSpan(id);
    }

    /// <summary>The id's UTF-8 bytes.</summary>
    public ReadOnlySpan<byte> AsSpan() => Value.Span;

    /// <inheritdoc/>
    public int CompareTo(IdSpan other) => string.CompareOrdinal(_value, other._value);

    /// <inheritdoc/>
    public bool Equals(IdSpan obj) => string.Equals(_value, obj._value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is IdSpan other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    /// <summary>A hash code that is the same in every process (unlike <see cref="GetHashCode"/>).</summary>
    public uint GetUniformHashCode() => UniformHash.Of(_value);

    /// <inheritdoc/>
    public override string ToString() => _value ?? string.Empty;

    /// <inheritdoc/>
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc/>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        var text = ToString();
        if (text.AsSpan().TryCopyTo(destination))
        {
            charsWritten = text.Length;
            return true;
        }

        charsWritten = 0;
        return false;
    }

    /// <summary>Equality.</summary>
    public static bool operator ==(IdSpan left, IdSpan right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(IdSpan left, IdSpan right) => !left.Equals(right);

    /// <summary>Ordering.</summary>
    public static bool operator <(IdSpan left, IdSpan right) => left.CompareTo(right) < 0;

    /// <summary>Ordering.</summary>
    public static bool operator >(IdSpan left, IdSpan right) => left.CompareTo(right) > 0;

    /// <summary>Ordering.</summary>
    public static bool operator <=(IdSpan left, IdSpan right) => left.CompareTo(right) <= 0;

    /// <summary>Ordering.</summary>
    public static bool operator >=(IdSpan left, IdSpan right) => left.CompareTo(right) >= 0;
}
