namespace Orleans;

/// <summary>A grain interface whose grains are keyed by a 64-bit integer plus a string extension.</summary>
public interface IGrainWithIntegerCompoundKey : IGrain
{
}
