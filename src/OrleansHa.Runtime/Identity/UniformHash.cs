namespace Orleans.Runtime;

/// <summary>FNV-1a over UTF-16 code units: stable across processes, unlike string.GetHashCode.</summary>
internal static class UniformHash
{
    public static uint Of(string? value)
    {
        if (value is null)
        {
            return 0;
        }

        var hash = 2166136261u;
        foreach (var c in value)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
