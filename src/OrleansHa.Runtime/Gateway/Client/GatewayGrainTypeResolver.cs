using Orleans.Runtime;
using OrleansHa.Runtime.Invocation;

namespace OrleansHa.Runtime.Gateway.Client;

/// <summary>Resolves grain interfaces with the table the silo sent in the latest handshake (a restarted silo may send a newer one).</summary>
internal sealed class GatewayGrainTypeResolver(Func<IGrainTypeResolver> current) : IGrainTypeResolver
{
    public GrainType ResolveGrainType(Type grainInterface, string? grainClassNamePrefix) => current().ResolveGrainType(grainInterface, grainClassNamePrefix);
}
