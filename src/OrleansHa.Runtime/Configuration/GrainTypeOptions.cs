namespace Orleans.Configuration;

/// <summary>The grain classes a silo hosts. Default: empty, meaning every grain class in the loaded assemblies that reference the runtime.</summary>
public class GrainTypeOptions
{
    /// <summary>The grain classes; when empty, they are discovered by scanning.</summary>
    public HashSet<Type> Classes { get; } = [];

    /// <summary>Grain interfaces known to the silo (informational; interfaces are taken from the classes).</summary>
    public HashSet<Type> Interfaces { get; } = [];
}
