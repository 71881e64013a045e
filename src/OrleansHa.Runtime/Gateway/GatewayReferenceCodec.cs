using Orleans;
using Orleans.Runtime;
using OrleansHa.Runtime.Invocation;
using OrleansHa.Runtime.Serialization;

namespace OrleansHa.Runtime.Gateway;

/// <summary>
/// Carries grain references inside call arguments and results as (grain id, interface); the receiving side makes
/// a reference of its own from them: the silo one that calls locally, the client one that calls through its gateway.
/// </summary>
public sealed class GatewayReferenceCodec : IGrainReferenceCodec
{
    private IGrainFactory? _factory;

    /// <summary>Creates a codec whose references come from <paramref name="factory"/>, or from <see cref="Factory"/> once set.</summary>
    public GatewayReferenceCodec(IGrainFactory? factory = null) => _factory = factory;

    /// <summary>The factory new references come from (set late where the factory itself needs the codec).</summary>
    public IGrainFactory Factory
    {
        get => _factory ?? throw new InvalidOperationException("The grain reference codec has no grain factory yet.");
        set => _factory = value;
    }

    /// <inheritdoc/>
    public bool TryGetReference(object value, out GrainId grainId, out Type grainInterface)
        => GrainReferenceInfo.TryGet(value, out grainId, out grainInterface);

    /// <inheritdoc/>
    public object CreateReference(GrainId grainId, Type grainInterface) => Factory.GetGrain(grainInterface, grainId);
}
