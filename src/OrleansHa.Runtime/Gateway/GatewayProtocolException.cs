using Orleans.Runtime;

namespace OrleansHa.Runtime.Gateway;

/// <summary>
/// The two ends of a gateway connection disagree about the wire: a malformed or oversized frame, an
/// unsupported protocol version, or a grain method one side knows and the other does not.
/// </summary>
public sealed class GatewayProtocolException : OrleansException
{
    /// <summary>Creates an exception with a message that names what was wrong.</summary>
    public GatewayProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    public GatewayProtocolException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
