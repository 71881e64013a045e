namespace Orleans.Configuration;

/// <summary>Idle collection of activations, and activation/deactivation time limits.</summary>
public class GrainCollectionOptions
{
    /// <summary>The default activation timeout: 30 seconds.</summary>
    public static readonly TimeSpan DEFAULT_ACTIVATION_TIMEOUT = TimeSpan.FromSeconds(30);

    /// <summary>The default collection quantum: 1 minute.</summary>
    public static readonly TimeSpan DEFAULT_COLLECTION_QUANTUM = TimeSpan.FromMinutes(1);

    /// <summary>The default deactivation timeout: 30 seconds.</summary>
    public static readonly TimeSpan DEFAULT_DEACTIVATION_TIMEOUT = TimeSpan.FromSeconds(30);

    /// <summary>How often idle activations are looked for. Default: 1 minute.</summary>
    public TimeSpan CollectionQuantum { get; set; } = DEFAULT_COLLECTION_QUANTUM;

    /// <summary>How long an activation may stay idle before it is collected. Default: 15 minutes.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Per grain class (full name) collection ages, overriding <see cref="CollectionAge"/>. Default: empty.</summary>
    public Dictionary<string, TimeSpan> ClassSpecificCollectionAge { get; set; } = [];

    /// <summary>The time <c>OnActivateAsync</c> (with state loading) may take before its token is cancelled. Default: 30 seconds.</summary>
    public TimeSpan ActivationTimeout { get; set; } = DEFAULT_ACTIVATION_TIMEOUT;

    /// <summary>The time <c>OnDeactivateAsync</c> may take before its token is cancelled. Default: 30 seconds.</summary>
    public TimeSpan DeactivationTimeout { get; set; } = DEFAULT_DEACTIVATION_TIMEOUT;
}
