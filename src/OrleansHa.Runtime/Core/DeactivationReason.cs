namespace Orleans;

/// <summary>Why an activation is being deactivated, passed to <see cref="IGrainBase.OnDeactivateAsync"/>.</summary>
public readonly struct DeactivationReason
{
    /// <summary>Creates a reason.</summary>
    public DeactivationReason(DeactivationReasonCode code, string text)
        : this(code, null, text)
    {
    }

    /// <summary>Creates a reason caused by an exception.</summary>
    public DeactivationReason(DeactivationReasonCode code, Exception? exception, string text)
    {
        ReasonCode = code;
        Exception = exception;
        Description = text;
    }

    /// <summary>The text describing the reason.</summary>
    public string Description { get; }

    /// <summary>The exception that caused it, if any.</summary>
    public Exception? Exception { get; }

    /// <summary>The reason's code.</summary>
    public DeactivationReasonCode ReasonCode { get; }

    /// <inheritdoc/>
    public override string ToString()
        => Exception is null ? $"{ReasonCode}: {Description}" : $"{ReasonCode}: {Description}. Exception: {Exception}";
}
