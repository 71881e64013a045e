using Orleans.Runtime;

namespace Orleans.Storage;

/// <summary>A storage provider is missing or misconfigured.</summary>
public class BadProviderConfigException : OrleansException
{
    /// <summary>Creates an exception.</summary>
    public BadProviderConfigException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public BadProviderConfigException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    public BadProviderConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
