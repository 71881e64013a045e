using Orleans;

namespace OrleansHa.Runtime.Invocation;

/// <summary>One row of a silo's exported interface table: a grain interface, the grain type implementing it, and the class.</summary>
/// <param name="InterfaceName">The interface's full name.</param>
/// <param name="GrainType">The grain type, e.g. <c>counter</c>.</param>
/// <param name="ClassFullName">The implementing class's full name, for <c>grainClassNamePrefix</c> matching.</param>
[GenerateSerializer]
[Immutable]
public sealed record GrainInterfaceMapping(
    [property: Id(0)] string InterfaceName,
    [property: Id(1)] string GrainType,
    [property: Id(2)] string? ClassFullName);
