using Microsoft.Extensions.Hosting;

namespace Orleans.TestingHost;

/// <summary>A silo of the test cluster.</summary>
public sealed class InProcessSiloHandle
{
    internal InProcessSiloHandle(string siloName, IHost siloHost)
    {
        SiloName = siloName;
        SiloHost = siloHost;
    }

    /// <summary>The silo's name.</summary>
    public string SiloName { get; }

    /// <summary>The silo's host.</summary>
    public IHost SiloHost { get; }

    /// <summary>The silo's services.</summary>
    public IServiceProvider ServiceProvider => SiloHost.Services;

    /// <summary>Whether the silo is running.</summary>
    public bool IsActive { get; internal set; } = true;

    /// <inheritdoc/>
    public override string ToString() => SiloName;
}
