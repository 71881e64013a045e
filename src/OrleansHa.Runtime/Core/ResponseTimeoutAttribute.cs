using System.Globalization;

namespace Orleans;

/// <summary>On a grain interface method: the response timeout for calls to it, e.g. <c>[ResponseTimeout("00:05:00")]</c>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ResponseTimeoutAttribute : Attribute
{
    /// <summary>Creates the attribute from a time span text.</summary>
    /// <exception cref="ArgumentException">The text is not a positive time span.</exception>
    public ResponseTimeoutAttribute(string timeout)
    {
        if (!TimeSpan.TryParse(timeout, CultureInfo.InvariantCulture, out var value) || value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"'{timeout}' is not a positive time span: expected e.g. \"00:05:00\".", nameof(timeout));
        }

        Timeout = value;
    }

    /// <summary>The timeout.</summary>
    public TimeSpan? Timeout { get; init; }
}
