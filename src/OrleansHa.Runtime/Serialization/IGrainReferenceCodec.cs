using Orleans.Runtime;

namespace OrleansHa.Runtime.Serialization;

/// <summary>
/// How grain references inside serialized values cross the wire: as a grain id and the grain interface
/// they were made for. The gateway supplies an implementation over its grain reference factory.
/// </summary>
public interface IGrainReferenceCodec
{
    /// <summary>Whether <paramref name="value"/> is a grain reference; if so, its grain id and interface.</summary>
    /// <param name="value">A value implementing <c>IAddressable</c>.</param>
    /// <param name="grainId">The referenced grain.</param>
    /// <param name="grainInterface">The grain interface the reference was made for.</param>
    /// <returns>True when <paramref name="value"/> is a grain reference this codec can carry.</returns>
    bool TryGetReference(object value, out GrainId grainId, out Type grainInterface);

    /// <summary>Creates a reference to <paramref name="grainId"/> implementing <paramref name="grainInterface"/>.</summary>
    /// <param name="grainId">The referenced grain.</param>
    /// <param name="grainInterface">The grain interface named in the data (an interface implementing <c>IAddressable</c>).</param>
    /// <returns>The reference.</returns>
    object CreateReference(GrainId grainId, Type grainInterface);
}
