using System.Globalization;
using System.Runtime.Versioning;

namespace OrleansHa.Silo.Hosting;

/// <summary>
/// Keeps the data folder to its owner: the folder and its <c>logs</c> folder are created 0700, and at start every
/// existing file directly in them (the databases with their -wal/-shm files, the logs) that group or others may
/// reach is set to 0600, and a folder to 0700. The credentials file and the signing key are left to their own check,
/// which refuses them. The modes are set explicitly, so the process's umask does not matter.
/// </summary>
public sealed class DataFolderAccess
{
    /// <summary>Mode of every folder the silo keeps data in: owner only.</summary>
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Mode of every data and log file: owner read and write.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode GroupOrOthers = (UnixFileMode)0b000_111_111;

    private readonly List<(string Path, string From, string To)> _tightened = [];

    private readonly HashSet<string> _secretFiles;

    private DataFolderAccess(SiloSettings settings)
        => _secretFiles = new HashSet<string>([settings.CredentialsFile, settings.SigningKeyFile], StringComparer.Ordinal);

    /// <summary>The paths whose modes were tightened at start, with the old and new mode (octal), for the log.</summary>
    public IReadOnlyList<(string Path, string From, string To)> Tightened => _tightened;

    /// <summary>
    /// Creates the data folder and its logs folder owner-only when missing, and tightens what already exists.
    /// </summary>
    /// <exception cref="SiloConfigurationException">The data folder is a file, or cannot be created or written.</exception>
    public static DataFolderAccess Prepare(SiloSettings settings)
    {
        var access = new DataFolderAccess(settings);
        var logs = SiloLogging.LogFolder(settings);
        access.PrepareFolder(settings.DataFolder, $"{SiloHostOptions.SectionName}:DataFolder");
        access.PrepareFolder(logs, $"the log folder of {SiloHostOptions.SectionName}:DataFolder");
        access.TightenFiles(settings.DataFolder);
        access.TightenFiles(logs);
        return access;
    }

    /// <summary>Tightens the files directly in <paramref name="folder"/> again (files that others created after start, e.g. a journal database).</summary>
    public IReadOnlyList<(string Path, string From, string To)> TightenAgain(string folder)
    {
        var before = _tightened.Count;
        TightenFiles(folder);
        return _tightened[before..];
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(3, '0');

    private void PrepareFolder(string folder, string what)
    {
        if (File.Exists(folder))
        {
            throw new SiloConfigurationException(
                $"{what} '{folder}' is a file, not a folder: give the path of a folder (it is created when missing), or move the file away.");
        }

        try
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(folder);
                return;
            }

            if (!Directory.Exists(folder))
            {
                Directory.CreateDirectory(folder, FolderMode);
                return;
            }

            Tighten(folder, FolderMode);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new SiloConfigurationException(
                $"{what} '{folder}' cannot be used ({error.Message}): give a folder this user may create and write, or fix its owner and mode (chmod 700).", error);
        }

        // The silo writes here at once (databases, keys, logs): find out now rather than in the middle of starting.
        var probe = Path.Combine(folder, ".orleansha-write-check-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        try
        {
            using (new FileStream(probe, new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = FileMode, Options = FileOptions.DeleteOnClose }))
            {
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new SiloConfigurationException(
                $"{what} '{folder}' is not writable ({error.Message}): give a folder this user may write, or fix its owner and mode (chmod 700).", error);
        }
    }

    private void TightenFiles(string folder)
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(folder))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(folder))
        {
            // The secret files are refused, not fixed, when others may read them (SecretFile): their secrets may be out.
            if (File.ResolveLinkTarget(file, returnFinalTarget: false) is null && !_secretFiles.Contains(file))
            {
                Tighten(file, FileMode);
            }
        }
    }

    [UnsupportedOSPlatform("windows")]
    private void Tighten(string path, UnixFileMode allowed)
    {
        var mode = File.GetUnixFileMode(path);
        if ((mode & GroupOrOthers) == 0)
        {
            return;
        }

        var tightened = mode & ~GroupOrOthers & allowed;
        File.SetUnixFileMode(path, tightened);
        _tightened.Add((path, Octal(mode), Octal(tightened)));
    }
}
