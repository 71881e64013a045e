using Orleans.Runtime;

namespace Orleans;

/// <summary>The marker every grain interface derives from (through one of the <c>IGrainWith*Key</c> interfaces).</summary>
public interface IGrain : IAddressable
{
}
