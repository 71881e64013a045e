namespace Orleans;

/// <summary>A grain interface whose grains are keyed by a Guid plus a string extension.</summary>
public interface IGrainWithGuidCompoundKey : IGrain
{
}
