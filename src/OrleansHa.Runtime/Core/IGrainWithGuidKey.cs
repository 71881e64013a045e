namespace Orleans;

/// <summary>A grain interface whose grains are keyed by a Guid.</summary>
public interface IGrainWithGuidKey : IGrain
{
}
