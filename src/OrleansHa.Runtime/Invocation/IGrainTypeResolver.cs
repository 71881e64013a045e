using Orleans.Runtime;

namespace OrleansHa.Runtime.Invocation;

/// <summary>Maps a grain interface to the grain type of its implementation.</summary>
public interface IGrainTypeResolver
{
    /// <summary>The grain type implementing <paramref name="grainInterface"/>.</summary>
    /// <exception cref="ArgumentException">No class, or more than one class (not singled out by the prefix), implements the interface.</exception>
    GrainType ResolveGrainType(Type grainInterface, string? grainClassNamePrefix);
}
