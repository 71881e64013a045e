using Microsoft.Extensions.Logging;

namespace OrleansHa.Storage;

/// <summary>
/// One service provider's (one silo's) holds on database files: one hold per path, whichever providers name it. The
/// file itself is open once per process (<see cref="SqliteDatabase.Open"/>). The holds are given up when the silo
/// stops (after its grains are deactivated and their last writes committed: the stop of the earliest lifecycle
/// stage) or when the service provider is disposed, whichever comes first; a stopped silo in a test cluster is not
/// disposed, and must not keep the file open for the silo started after it.
/// </summary>
internal sealed class SqliteDatabaseRegistry(ILoggerFactory? loggerFactory = null) : IDisposable, ILifecycleParticipant<ISiloLifecycle>
{
    private readonly Dictionary<string, SqliteDatabase> _held = new(StringComparer.Ordinal);
    private bool _disposed;

    public SqliteDatabase Open(SqliteStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        lock (_held)
        {
            if (_disposed)
            {
                throw new ObjectDisposedException(nameof(SqliteDatabaseRegistry), $"The silo's SQLite storage is stopped; '{options.FilePath}' is no longer open for it. Start the silo again.");
            }

            if (_held.TryGetValue(options.FilePath, out var held))
            {
                var had = held.File.Options;
                if (had.Durable != options.Durable || had.MaxBatchSize != options.MaxBatchSize || had.BusyTimeout != options.BusyTimeout)
                {
                    throw new ArgumentException(
                        $"The SQLite file '{options.FilePath}' is registered twice with different settings (Durable {had.Durable} vs {options.Durable}, MaxBatchSize {had.MaxBatchSize} vs {options.MaxBatchSize}, BusyTimeout {had.BusyTimeout} vs {options.BusyTimeout}); providers sharing a file need the same SqliteStorageOptions.");
                }

                return held;
            }

            var database = SqliteDatabase.Open(options, loggerFactory);
            _held.Add(options.FilePath, database);
            return database;
        }
    }

    public void Participate(ISiloLifecycle lifecycle)
        => lifecycle.Subscribe(
            nameof(SqliteDatabaseRegistry),
            ServiceLifecycleStage.RuntimeInitialize,
            _ => Task.CompletedTask,
            _ =>
            {
                Dispose();
                return Task.CompletedTask;
            });

    public void Dispose()
    {
        lock (_held)
        {
            _disposed = true;
            foreach (var database in _held.Values)
            {
                database.Dispose();
            }

            _held.Clear();
        }
    }
}
