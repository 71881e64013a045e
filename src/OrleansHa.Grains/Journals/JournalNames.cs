namespace OrleansHa.Grains.Journals;

/// <summary>Names of journals and systems, and the remote journal key <c>name@SOURCE</c>.</summary>
public static class JournalNames
{
    /// <summary>The remote journal that holds <paramref name="journal"/> from <paramref name="sourceSystem"/>.</summary>
    public static string Remote(string journal, string sourceSystem) => journal + "@" + sourceSystem;

    /// <summary>1 to 100 letters, digits, '.', '-' or '_'.</summary>
    public static bool IsValidJournalName(string? name)
        => !string.IsNullOrEmpty(name) && name.Length <= 100 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');

    /// <summary>1 to 64 letters, digits, '-' or '_'.</summary>
    public static bool IsValidSystemName(string? name)
        => !string.IsNullOrEmpty(name) && name.Length <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>Throws unless <paramref name="name"/> is a valid journal name.</summary>
    public static void RequireJournalName(string name)
    {
        if (!IsValidJournalName(name))
        {
            throw new ArgumentException($"Journal name '{name}' is not allowed: use 1 to 100 letters, digits, '.', '-' or '_'.", nameof(name));
        }
    }

    /// <summary>Splits a remote journal key; throws naming the key when it is not <c>name@SOURCE</c>.</summary>
    public static (string Journal, string Source) ParseRemote(string key)
    {
        var at = key.LastIndexOf('@');
        if (at <= 0 || !IsValidJournalName(key[..at]) || !IsValidSystemName(key[(at + 1)..]))
        {
            throw new ArgumentException($"Remote journal key '{key}' must be journal@SOURCE-SYSTEM, e.g. orders@PROD.", nameof(key));
        }

        return (key[..at], key[(at + 1)..]);
    }
}
