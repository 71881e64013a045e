namespace OrleansHa.Silo.Hosting;

/// <summary>A setting is missing or invalid; the message names the setting and what is allowed. The silo exits with code 2.</summary>
public sealed class SiloConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SiloConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a cause.</summary>
    public SiloConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
