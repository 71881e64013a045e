namespace Orleans;

/// <summary>Why an activation was deactivated.</summary>
[GenerateSerializer]
public enum DeactivationReasonCode : byte
{
    /// <summary>No reason given.</summary>
    None = 0,

    /// <summary>The silo is shutting down.</summary>
    ShuttingDown = 1,

    /// <summary>Activation failed.</summary>
    ActivationFailed = 2,

    /// <summary>The grain directory failed.</summary>
    DirectoryFailure = 3,

    /// <summary>The activation was idle past its collection age.</summary>
    ActivationIdle = 4,

    /// <summary>The activation stopped responding.</summary>
    ActivationUnresponsive = 5,

    /// <summary>Another activation of the same grain exists.</summary>
    DuplicateActivation = 6,

    /// <summary>A request could not be handled by this activation.</summary>
    IncompatibleRequest = 7,

    /// <summary>The application failed (e.g. an <c>InconsistentStateException</c> escaped a method).</summary>
    ApplicationError = 8,

    /// <summary>The grain asked for it (<c>DeactivateOnIdle</c>).</summary>
    ApplicationRequested = 9,

    /// <summary>The activation is migrating.</summary>
    Migrating = 10,

    /// <summary>The runtime asked for it.</summary>
    RuntimeRequested = 11,

    /// <summary>Memory pressure.</summary>
    HighMemoryPressure = 12,
}
