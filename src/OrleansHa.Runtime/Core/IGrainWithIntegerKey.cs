namespace Orleans;

/// <summary>A grain interface whose grains are keyed by a 64-bit integer.</summary>
public interface IGrainWithIntegerKey : IGrain
{
}
