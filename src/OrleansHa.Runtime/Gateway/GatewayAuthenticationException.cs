using Orleans.Runtime;

namespace OrleansHa.Runtime.Gateway;

/// <summary>The silo refused the connection's credential (missing, unknown user, or wrong secret).</summary>
public sealed class GatewayAuthenticationException : OrleansException
{
    /// <summary>Creates an exception with the silo's reason.</summary>
    public GatewayAuthenticationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    public GatewayAuthenticationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
