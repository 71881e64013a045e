namespace OrleansHa.Silo.Security;

/// <summary>Files holding secrets (the credentials file, the silo signing key): mode 0600, checked at every load.</summary>
internal static class SecretFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Throws <see cref="InvalidDataException"/> when group or others may read or write <paramref name="path"/>.</summary>
    public static void RequireOwnerOnly(string path, string what)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & ~(OwnerOnly | UnixFileMode.UserExecute)) != 0)
        {
            throw new InvalidDataException(
                $"The {what} '{path}' has mode {Convert.ToString((int)mode, 8)}: group or others may read it. Allowed: 600 (owner only). Fix it with: chmod 600 '{path}'.");
        }
    }

    /// <summary>Writes <paramref name="content"/> to a new file created with mode 0600, durably, without replacing an existing one.</summary>
    public static void CreateOwnerOnly(string path, Action<Stream> content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        using (var stream = new FileStream(temporary, options))
        {
            content(stream);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: false);
    }
}
