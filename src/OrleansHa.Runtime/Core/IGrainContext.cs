namespace Orleans.Runtime;

/// <summary>One activation of a grain: its identity, its instance and its services.</summary>
public interface IGrainContext
{
    /// <summary>The grain's id.</summary>
    GrainId GrainId { get; }

    /// <summary>A reference to this grain.</summary>
    GrainReference GrainReference { get; }

    /// <summary>The grain instance, once constructed.</summary>
    object? GrainInstance { get; }

    /// <summary>The services of this activation.</summary>
    IServiceProvider ActivationServices { get; }
}
