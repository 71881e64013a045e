using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace OrleansHa.Journals;

/// <summary>
/// <see cref="IJournalStore"/> on one PostgreSQL database every silo of a system reaches: the SQLite store's tables and
/// semantics, shared. Each write is one transaction that first locks its scope's row (<c>SELECT … FOR UPDATE</c>), so two
/// activations of one journal on two silos (the duplicate-activation window) take turns: sequences stay dense and
/// unique, a request id is checked and remembered atomically, and the queue limit is decided before anything is written.
/// A write answers once PostgreSQL has committed it with <c>synchronous_commit=on</c> (forced on every connection), i.e.
/// once it is in the durable write-ahead log; concurrent commits share its flushes (group commit). Reads see committed
/// data only. The schema is created or migrated on first use, under an advisory lock.
/// </summary>
public sealed partial class PostgresJournalStore : IJournalStore, IAsyncDisposable, IDisposable
{
    private readonly PostgresJournalStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly NpgsqlDataSource _dataSource;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private readonly ITimer _pruner;
    private volatile bool _schemaReady;
    private int _disposed;

    /// <summary>Prepares the connection pool; nothing connects until the first call.</summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it (never the connection string).</exception>
    public PostgresJournalStore(IOptions<PostgresJournalStoreOptions> options, TimeProvider time, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _options.Validate();
        _time = time;
        _logger = (ILogger?)loggerFactory?.CreateLogger<PostgresJournalStore>() ?? NullLogger.Instance;
        var connection = new NpgsqlConnectionStringBuilder(_options.EffectiveConnectionString());

        // "Answers only once durable": whatever the server's default, this store's commits wait for the WAL flush.
        connection.Options = string.IsNullOrWhiteSpace(connection.Options) ? "-c synchronous_commit=on" : connection.Options + " -c synchronous_commit=on";
        Target = $"{connection.Host}:{connection.Port}/{connection.Database}";
        _dataSource = new NpgsqlDataSourceBuilder(connection.ConnectionString).Build();
        _pruner = _time.CreateTimer(_ => LastPrune = PruneAndRescheduleAsync(), null, _options.PruneInterval, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Where the store writes: host, port and database (no credentials), for messages and logs.</summary>
    public string Target { get; }

    /// <summary>Stops the pruner and closes the pool.</summary>
    public async ValueTask DisposeAsync()
    {
        // The container may dispose it twice (as itself and as IJournalStore).
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _pruner.DisposeAsync();
        await _dataSource.DisposeAsync();
        _schemaGate.Dispose();
    }

    /// <summary>Stops the pruner and closes the pool.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private long Now => _time.GetUtcNow().UtcTicks;

    /// <summary>An open connection on a database whose schema is current.</summary>
    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        if (!_schemaReady)
        {
            await EnsureSchemaAsync(cancellationToken);
        }

        return await _dataSource.OpenConnectionAsync(cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction and commits it; the task completes once the commit is durable.
    /// A database failure becomes an <see cref="OrleansException"/> naming what failed; any other exception (a refusal
    /// such as <see cref="QueueLimitReachedException"/>) rolls the transaction back and passes through.
    /// </summary>
    private async Task<T> WriteAsync<T>(string what, Func<PostgresSession, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            var connection = await OpenAsync(cancellationToken);
            await using var session = new PostgresSession(connection, await connection.BeginTransactionAsync(cancellationToken));
            var result = await work(session, cancellationToken);
            await session.Transaction!.CommitAsync(cancellationToken);
            return result;
        }
        catch (NpgsqlException ex)
        {
            throw Failure(what, ex);
        }
    }

    /// <summary>Runs <paramref name="read"/> on a pooled connection outside any transaction (committed data only).</summary>
    private async Task<T> ReadAsync<T>(string what, Func<PostgresSession, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        try
        {
            await using var session = new PostgresSession(await OpenAsync(cancellationToken), null);
            return await read(session, cancellationToken);
        }
        catch (NpgsqlException ex)
        {
            throw Failure(what, ex);
        }
    }

    /// <summary>
    /// Creates or migrates the tables once per store. Silos starting together serialise on the advisory lock; a failed
    /// attempt is not remembered, so the next call tries again (the database may have been unreachable for a moment).
    /// </summary>
    private async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        await _schemaGate.WaitAsync(cancellationToken);
        try
        {
            if (_schemaReady)
            {
                return;
            }

            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var locking = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction))
            {
                locking.Parameters.Add(new NpgsqlParameter { Value = PostgresJournalSchema.MigrationLock });
                await locking.ExecuteNonQueryAsync(cancellationToken);
            }

            long? version = null;
            await using (var has = new NpgsqlCommand(PostgresJournalSchema.HasVersionTable, connection, transaction))
            {
                if (await has.ExecuteScalarAsync(cancellationToken) is true)
                {
                    await using var read = new NpgsqlCommand(PostgresJournalSchema.ReadVersion, connection, transaction);
                    version = await read.ExecuteScalarAsync(cancellationToken) as long?;
                }
            }

            if (version > PostgresJournalSchema.Version)
            {
                throw new OrleansException(
                    $"The journal database {Target} has schema version {version}; this build reads versions up to {PostgresJournalSchema.Version}. Run the build that wrote it on every silo, or point --journal-connection-string at another database.");
            }

            if (version != PostgresJournalSchema.Version)
            {
                await using (var create = new NpgsqlBatch(connection, transaction))
                {
                    foreach (var statement in PostgresJournalSchema.Tables.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        create.BatchCommands.Add(new NpgsqlBatchCommand(statement));
                    }

                    await create.ExecuteNonQueryAsync(cancellationToken);
                }

                await using (var stamp = new NpgsqlCommand(PostgresJournalSchema.WriteVersion, connection, transaction))
                {
                    stamp.Parameters.Add(new NpgsqlParameter { Value = PostgresJournalSchema.Version });
                    await stamp.ExecuteNonQueryAsync(cancellationToken);
                }

                LogSchemaCreated(_logger, Target, PostgresJournalSchema.Version);
            }

            await using (var fsync = new NpgsqlCommand("SHOW fsync", connection, transaction))
            {
                if (await fsync.ExecuteScalarAsync(cancellationToken) is string setting && setting != "on")
                {
                    LogFsyncOff(_logger, Target);
                }
            }

            await transaction.CommitAsync(cancellationToken);
            _schemaReady = true;
        }
        catch (NpgsqlException ex)
        {
            throw Failure("create or check the journal tables", ex);
        }
        finally
        {
            _schemaGate.Release();
        }
    }

    /// <summary>A database failure as the error the caller sees: what failed, where, and what to do.</summary>
    private OrleansException Failure(string what, NpgsqlException ex)
        => new(
            $"The journal store could not {what} in the PostgreSQL database {Target}: {ex.Message} A write that failed here was rolled back unless its commit was under way; retrying it is safe (an append with the same request id is stored once). Check that the database is reachable and accepts this silo's user.",
            ex);

    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "Journal tables created in PostgreSQL database {Target} (schema version {Version})")]
    private static partial void LogSchemaCreated(ILogger logger, string target, long version);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "PostgreSQL database {Target} runs with fsync off: journal appends are not durable across a crash of its machine. Turn fsync on in postgresql.conf")]
    private static partial void LogFsyncOff(ILogger logger, string target);
}
