using Orleans.Runtime;

namespace OrleansHa.Runtime.Gateway.Calls;

/// <summary>A decoded grain call, ready to be dispatched.</summary>
internal sealed record GatewayRequest(GrainId Target, GatewayMethod Method, List<KeyValuePair<string, object>> Context, object?[] Arguments);
