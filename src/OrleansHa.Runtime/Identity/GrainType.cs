namespace Orleans.Runtime;

/// <summary>The type part of a <see cref="GrainId"/>, e.g. <c>counter</c> for <c>CounterGrain</c>.</summary>
public readonly struct GrainType : IEquatable<GrainType>, IComparable<GrainType>, ISpanFormattable
{
    /// <summary>Creates a grain type from an id.</summary>
    public GrainType(IdSpan id) => Value = id;

    /// <summary>Creates a grain type from UTF-8 bytes.</summary>
    public GrainType(byte[] value) => Value = new IdSpan(value);

    /// <summary>Whether this is the default (empty) type.</summary>
    public bool IsDefault => Value.IsDefault;

    /// <summary>The type name as an id.</summary>
    public IdSpan Value { get; }

    /// <summary>Creates a grain type from its name.</summary>
    public static GrainType Create(string value) => new(IdSpan.Create(value));

    /// <summary>The type name's UTF-8 bytes.</summary>
    public ReadOnlySpan<byte> AsSpan() => Value.AsSpan();

    /// <inheritdoc/>
    public int CompareTo(GrainType other) => Value.CompareTo(other.Value);

    /// <inheritdoc/>
    public bool Equals(GrainType obj) => Value.Equals(obj.Value);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is GrainType other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Value.GetHashCode();

    /// <summary>A hash code that is the same in every process.</summary>
    public uint GetUniformHashCode() => Value.GetUniformHashCode();

    /// <inheritdoc/>
    public override string ToString() => Value.ToString();

    /// <inheritdoc/>
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc/>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
        => Value.TryFormat(destination, out charsWritten, format, provider);

    /// <summary>The type name as an id.</summary>
    public static explicit operator IdSpan(GrainType kind) => kind.Value;

    /// <summary>Equality.</summary>
    public static bool operator ==(GrainType left, GrainType right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(GrainType left, GrainType right) => !left.Equals(right);

    /// <summary>Ordering.</summary>
    public static bool operator <(GrainType left, GrainType right) => left.CompareTo(right) < 0;

    /// <summary>Ordering.</summary>
    public static bool operator >(GrainType left, GrainType right) => left.CompareTo(right) > 0;

    /// <summary>Ordering.</summary>
    public static bool operator <=(GrainType left, GrainType right) => left.CompareTo(right) <= 0;

    /// <summary>Ordering.</summary>
    public static bool operator >=(GrainType left, GrainType right) => left.CompareTo(right) >= 0;
}
