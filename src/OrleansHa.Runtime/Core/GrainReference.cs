using OrleansHa.Runtime.Engine;

namespace Orleans.Runtime;

/// <summary>
/// A reference to a grain. The runtime generates one subclass per grain interface; each interface method packs its
/// arguments and calls one of the protected <c>Invoke</c> methods, which send the call through the runtime.
/// </summary>
public abstract class GrainReference : IAddressable, IEquatable<GrainReference>
{
    private GrainReferenceShared _shared = null!;

    /// <summary>For generated subclasses only.</summary>
    protected GrainReference()
    {
    }

    /// <summary>The grain's id.</summary>
    public GrainId GrainId { get; private set; }

    /// <summary>The grain interface this reference was made for.</summary>
    public Type InterfaceType => _shared.Interface.InterfaceType;

    internal GrainReferenceShared Shared => _shared;

    /// <inheritdoc/>
    public bool Equals(GrainReference? other) => other is not null && GrainId.Equals(other.GrainId);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is GrainReference other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => GrainId.GetHashCode();

    /// <inheritdoc/>
    public override string ToString() => $"GrainReference:{GrainId} ({InterfaceType.Name})";

    internal void Initialize(GrainReferenceShared shared, GrainId grainId)
    {
        _shared = shared;
        GrainId = grainId;
    }

    /// <summary>Calls the interface method number <paramref name="methodIndex"/> returning <c>Task&lt;T&gt;</c>.</summary>
    protected Task<T> InvokeTask<T>(int methodIndex, object?[] arguments)
        => _shared.Runtime.Invoke<T>(this, _shared.Interface.Methods[methodIndex], arguments);

    /// <summary>Calls the interface method number <paramref name="methodIndex"/> returning <c>Task</c>.</summary>
    protected Task InvokeVoidTask(int methodIndex, object?[] arguments)
        => _shared.Runtime.Invoke<object?>(this, _shared.Interface.Methods[methodIndex], arguments);

    /// <summary>Calls the interface method number <paramref name="methodIndex"/> returning <c>ValueTask&lt;T&gt;</c>.</summary>
    protected ValueTask<T> InvokeValueTask<T>(int methodIndex, object?[] arguments)
        => new(_shared.Runtime.Invoke<T>(this, _shared.Interface.Methods[methodIndex], arguments));

    /// <summary>Calls the interface method number <paramref name="methodIndex"/> returning <c>ValueTask</c>.</summary>
    protected ValueTask InvokeVoidValueTask(int methodIndex, object?[] arguments)
        => new(_shared.Runtime.Invoke<object?>(this, _shared.Interface.Methods[methodIndex], arguments));
}
