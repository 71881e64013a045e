using Orleans.Runtime;

namespace OrleansHa.Runtime.Invocation;

/// <summary>Reads the identity of a grain reference object.</summary>
public static class GrainReferenceInfo
{
    /// <summary>Whether <paramref name="reference"/> is a grain reference; if so, its grain id and the interface it was made for.</summary>
    public static bool TryGet(object reference, out GrainId grainId, out Type grainInterface)
    {
        if (reference is GrainReference grainReference)
        {
            grainId = grainReference.GrainId;
            grainInterface = grainReference.InterfaceType;
            return true;
        }

        grainId = default;
        grainInterface = null!;
        return false;
    }
}
