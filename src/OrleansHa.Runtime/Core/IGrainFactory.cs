using Orleans.Runtime;

namespace Orleans;

/// <summary>Creates references to grains. Getting a reference activates nothing; the first call does.</summary>
public interface IGrainFactory
{
    /// <summary>A reference to the grain with a string key.</summary>
    TGrainInterface GetGrain<TGrainInterface>(string primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithStringKey;

    /// <summary>A reference to the grain with a Guid key.</summary>
    TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithGuidKey;

    /// <summary>A reference to the grain with an integer key.</summary>
    TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithIntegerKey;

    /// <summary>A reference to the grain with a Guid key and a string extension.</summary>
    TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string keyExtension, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithGuidCompoundKey;

    /// <summary>A reference to the grain with an integer key and a string extension.</summary>
    TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string keyExtension, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithIntegerCompoundKey;

    /// <summary>A reference to the grain with the given id, typed as <typeparamref name="TGrainInterface"/>.</summary>
    TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IAddressable;

    /// <summary>A reference to the grain with the given id, typed as <paramref name="interfaceType"/>.</summary>
    IAddressable GetGrain(Type interfaceType, GrainId grainId);

    /// <summary>A reference to the grain with a string key, typed as <paramref name="grainInterfaceType"/>.</summary>
    IGrain GetGrain(Type grainInterfaceType, string grainPrimaryKey);

    /// <summary>A reference to the grain with a Guid key, typed as <paramref name="grainInterfaceType"/>.</summary>
    IGrain GetGrain(Type grainInterfaceType, Guid grainPrimaryKey);

    /// <summary>A reference to the grain with an integer key, typed as <paramref name="grainInterfaceType"/>.</summary>
    IGrain GetGrain(Type grainInterfaceType, long grainPrimaryKey);

    /// <summary>A reference to the grain with a Guid compound key, typed as <paramref name="grainInterfaceType"/>.</summary>
    IGrain GetGrain(Type grainInterfaceType, Guid grainPrimaryKey, string keyExtension);

    /// <summary>A reference to the grain with an integer compound key, typed as <paramref name="grainInterfaceType"/>.</summary>
    IGrain GetGrain(Type grainInterfaceType, long grainPrimaryKey, string keyExtension);

    /// <summary>Makes an observer callable from grains (clients only, not from inside a grain).</summary>
    TGrainObserverInterface CreateObjectReference<TGrainObserverInterface>(IGrainObserver obj)
        where TGrainObserverInterface : IGrainObserver;

    /// <summary>Removes an observer made callable by <see cref="CreateObjectReference{TGrainObserverInterface}"/>.</summary>
    void DeleteObjectReference<TGrainObserverInterface>(IGrainObserver obj)
        where TGrainObserverInterface : IGrainObserver;
}
