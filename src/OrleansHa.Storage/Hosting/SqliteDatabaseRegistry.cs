using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OrleansHa.Storage;

/// <summary>
/// Opens each database file once per service provider, so every SQLite grain storage and the reminder table that
/// name the same file share one writer (two writers on one file would only wait on each other's locks).
/// Disposing it finishes queued writes and closes the files.
/// </summary>
internal sealed class SqliteDatabaseRegistry(ILoggerFactory? loggerFactory = null) : IDisposable
{
    private readonly Dictionary<string, (SqliteDatabase Database, bool Durable, int MaxBatchSize)> _open = new(StringComparer.Ordinal);
    private bool _disposed;

    public SqliteDatabase Open(SqliteStorageOptions options)
    {
        options.Validate();
        lock (_open)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var path = options.FilePath;
            if (_open.TryGetValue(path, out var open))
            {
                if (open.Durable != options.Durable || open.MaxBatchSize != options.MaxBatchSize)
                {
                    throw new ArgumentException(
                        $"The SQLite file '{path}' is registered twice with different settings (Durable {open.Durable} vs {options.Durable}, MaxBatchSize {open.MaxBatchSize} vs {options.MaxBatchSize}); providers sharing a file need the same SqliteStorageOptions.");
                }

                return open.Database;
            }

            var database = new SqliteDatabase(options, (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<SqliteDatabase>());
            _open.Add(path, (database, options.Durable, options.MaxBatchSize));
            return database;
        }
    }

    public void Dispose()
    {
        lock (_open)
        {
            _disposed = true;
            foreach (var (database, _, _) in _open.Values)
            {
                database.Dispose();
            }

            _open.Clear();
        }
    }
}
