using Orleans;

namespace OrleansHa.Runtime.Engine;

/// <summary>What all references of one interface made by one factory share, so a reference is just an id and a pointer.</summary>
internal sealed class GrainReferenceShared(GrainInterfaceInfo info, IReferenceRuntime runtime, IGrainFactory factory)
{
    public GrainInterfaceInfo Interface { get; } = info;

    public IReferenceRuntime Runtime { get; } = runtime;

    public IGrainFactory Factory { get; } = factory;

    public GrainKeyKind KeyKind => Interface.KeyKind;
}
