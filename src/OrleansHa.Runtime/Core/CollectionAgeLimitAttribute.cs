using System.Globalization;

namespace Orleans;

/// <summary>On a grain class: how long its activations may stay idle before they are collected (at least one minute).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public class CollectionAgeLimitAttribute : Attribute
{
    /// <summary>The smallest allowed age limit: one minute.</summary>
    public static readonly TimeSpan MinAgeLimit = TimeSpan.FromMinutes(1);

    /// <summary>Uses the silo's default age; set <see cref="AlwaysActive"/> to keep activations alive.</summary>
    public CollectionAgeLimitAttribute()
    {
    }

    /// <summary>Uses the given idle period, e.g. <c>"00:05:00"</c>.</summary>
    /// <exception cref="ArgumentException">The text is not a time span.</exception>
    public CollectionAgeLimitAttribute(string inactivityPeriod)
    {
        if (!TimeSpan.TryParse(inactivityPeriod, CultureInfo.InvariantCulture, out var period))
        {
            throw new ArgumentException($"'{inactivityPeriod}' is not a time span: expected e.g. \"00:05:00\".", nameof(inactivityPeriod));
        }

        Amount = period;
    }

    /// <summary>The idle period as a time span (alternative to the string constructor).</summary>
    public TimeSpan Amount { get; init; }

    /// <summary>Never collect (like <see cref="KeepAliveAttribute"/>).</summary>
    public bool AlwaysActive { get; set; }

    /// <summary>The effective limit: <see cref="TimeSpan.MaxValue"/> when always active, at least <see cref="MinAgeLimit"/>.</summary>
    public TimeSpan AgeLimit
        => AlwaysActive ? TimeSpan.MaxValue : Amount == TimeSpan.Zero ? TimeSpan.Zero : Amount < MinAgeLimit ? MinAgeLimit : Amount;
}
