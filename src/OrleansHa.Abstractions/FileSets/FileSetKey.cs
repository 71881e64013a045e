namespace OrleansHa.FileSets;

/// <summary>Builds and splits file set grain keys (<c>owner/name</c>).</summary>
public static class FileSetKey
{
    /// <summary>The key of <paramref name="owner"/>'s file set <paramref name="name"/>.</summary>
    public static string Format(string owner, string name) => $"{owner}/{name}";

    /// <summary>Splits a key into owner and name; throws <see cref="InvalidDefinitionException"/> for a malformed key.</summary>
    public static (string Owner, string Name) Parse(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == key.Length - 1 || key.IndexOf('/', slash + 1) >= 0)
        {
            throw new InvalidDefinitionException("file set", $"'{key}' is not a file set key", "owner/name");
        }

        return (key[..slash], key[(slash + 1)..]);
    }
}
