using Orleans.Runtime;

namespace Orleans.Storage;

/// <summary>
/// A grain storage provider. Providers are registered as keyed singletons under their name
/// (<c>services.AddKeyedSingleton&lt;IGrainStorage&gt;(name, ...)</c>); "Default" is used when a state names none.
/// </summary>
public interface IGrainStorage
{
    /// <summary>Reads the state; a missing record leaves <c>State</c> as given, <c>ETag</c> null and <c>RecordExists</c> false.</summary>
    Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState);

    /// <summary>Writes the state if <c>ETag</c> matches the stored one (null: no record yet); sets the new ETag.</summary>
    /// <exception cref="InconsistentStateException">The stored ETag differs.</exception>
    Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState);

    /// <summary>Deletes the record if <c>ETag</c> matches; afterwards <c>RecordExists</c> is false.</summary>
    /// <exception cref="InconsistentStateException">The stored ETag differs.</exception>
    Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState);
}
