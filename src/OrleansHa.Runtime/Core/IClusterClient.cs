namespace Orleans;

/// <summary>A client of the cluster: a grain factory with its own services.</summary>
public interface IClusterClient : IGrainFactory
{
    /// <summary>The client's services.</summary>
    IServiceProvider ServiceProvider { get; }
}
