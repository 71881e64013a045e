using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using OrleansHa.Storage;

namespace OrleansHa.Silo.Hosting;

/// <summary>
/// Refuses to start on a SQLite database that lost its contents: empty, missing or unreadable while the data folder
/// shows it held data. The sign is <c>orleansha.marker</c>, written once the silo has started on the database (see
/// <see cref="WriteMarker"/>), or, for a data folder from before the marker, a credentials file beside an empty or
/// unreadable database. Starting would otherwise show an empty system: every user, destination and file set gone.
/// <c>--start-empty</c> (<see cref="SiloHostOptions.StartEmpty"/>) starts anyway; an unreadable file is then moved
/// aside, never deleted.
/// </summary>
public static class DatabaseGuard
{
    /// <summary>The marker's file name in the data folder.</summary>
    public const string MarkerFileName = "orleansha.marker";

    /// <summary>The database file the silo's SQLite storage uses in <paramref name="settings"/>' data folder.</summary>
    public static string DatabasePath(SiloSettings settings) => new SqliteStorageOptions { DataDirectory = settings.DataFolder }.FilePath;

    /// <summary>The marker file in <paramref name="settings"/>' data folder.</summary>
    public static string MarkerPath(SiloSettings settings) => Path.Combine(settings.DataFolder, MarkerFileName);

    /// <summary>
    /// Checks the database before anything opens it. Returns what was done to let the silo start (a file moved aside
    /// under <c>--start-empty</c>), or null.
    /// </summary>
    /// <exception cref="SiloConfigurationException">The database lost its contents or cannot be read; the message names the file and what to do.</exception>
    public static string? Check(SiloSettings settings)
    {
        if (settings.Storage != SiloStorageKind.Sqlite)
        {
            return null;
        }

        var database = DatabasePath(settings);
        var marked = File.Exists(MarkerPath(settings));
        var state = Inspect(database, out var reason);
        var lost = state switch
        {
            DatabaseState.Missing or DatabaseState.NoTables => marked,
            DatabaseState.ZeroBytes => marked || File.Exists(settings.CredentialsFile),
            DatabaseState.Unreadable => true,
            _ => false,
        };

        if (!lost)
        {
            return null;
        }

        var what = state switch
        {
            DatabaseState.Missing => "is missing",
            DatabaseState.ZeroBytes => "is empty (0 bytes)",
            DatabaseState.NoTables => "holds no tables",
            _ => $"cannot be read as a SQLite database ({reason})",
        };

        if (!settings.StartEmpty)
        {
            var evidence = marked ? MarkerFileName : File.Exists(settings.CredentialsFile) ? Path.GetFileName(settings.CredentialsFile) : null;
            var held = evidence is null ? string.Empty : $", but this data folder held data ({evidence} is there)";
            var movedAside = state == DatabaseState.Unreadable ? " (it is moved aside, not deleted)" : string.Empty;
            throw new SiloConfigurationException(
                $"The database '{database}' {what}{held}: restore the file from a backup, or start with --start-empty{movedAside} to begin with no users, destinations or file sets.");
        }

        if (state != DatabaseState.Unreadable)
        {
            return $"Started empty on request (--start-empty): the database '{database}' {what}.";
        }

        var aside = database + ".unreadable-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            if (File.Exists(database + suffix))
            {
                File.Move(database + suffix, aside + suffix);
            }
        }

        return $"Started empty on request (--start-empty): the unreadable database '{database}' was moved to '{aside}'.";
    }

    /// <summary>Writes the marker once the silo has started on its SQLite database, if it is not there yet; true when written.</summary>
    public static bool WriteMarker(SiloSettings settings)
    {
        var marker = MarkerPath(settings);
        if (settings.Storage != SiloStorageKind.Sqlite || File.Exists(marker))
        {
            return false;
        }

        var content = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
        {
            ["database"] = DatabasePath(settings),
            ["system"] = settings.SystemName,
            ["firstStarted"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["meaning"] = "This data folder's database holds data: the silo refuses to start if it becomes empty or unreadable (unless --start-empty).",
        });
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = DataFolderAccess.FileMode;
        }

        using var stream = new FileStream(marker, options);
        stream.Write(content);
        stream.Flush(flushToDisk: true);
        return true;
    }

    private static DatabaseState Inspect(string database, out string reason)
    {
        reason = string.Empty;
        var file = new FileInfo(database);
        if (!file.Exists)
        {
            return DatabaseState.Missing;
        }

        if (file.Length == 0)
        {
            return DatabaseState.ZeroBytes;
        }

        try
        {
            var connectionString = new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString();
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table';";
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 0 ? DatabaseState.NoTables : DatabaseState.Readable;
        }
        catch (SqliteException error)
        {
            reason = error.Message;
            return DatabaseState.Unreadable;
        }
    }

    private enum DatabaseState
    {
        Readable,
        Missing,
        ZeroBytes,
        NoTables,
        Unreadable,
    }
}
