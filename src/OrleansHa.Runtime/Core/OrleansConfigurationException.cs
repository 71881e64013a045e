namespace Orleans.Runtime;

/// <summary>The runtime's configuration is invalid; thrown before the silo starts.</summary>
public sealed class OrleansConfigurationException : Exception
{
    /// <summary>Creates an exception.</summary>
    public OrleansConfigurationException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public OrleansConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    public OrleansConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
