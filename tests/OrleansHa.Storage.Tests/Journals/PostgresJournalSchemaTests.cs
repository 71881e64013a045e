using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using OrleansHa.Journals;

namespace OrleansHa.Storage.Tests.Journals;

[Collection(PostgresCollection.Name)]
public sealed class PostgresJournalSchemaTests(PostgresFixture postgres)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task FirstUse_WhenSeveralSilosStartTogether_CreatesTheTablesOnceAtTheCurrentVersion()
    {
        var connectionString = await postgres.NewDatabaseAsync();
        var stores = Enumerable.Range(0, 4).Select(_ => Open(connectionString)).ToList();
        try
        {
            await Task.WhenAll(stores.Select(store => store.CheckAsync(None)));

            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var version = new NpgsqlCommand("SELECT version FROM journal_schema", connection);
            Assert.Equal(2L, await version.ExecuteScalarAsync());
            await using var tables = new NpgsqlCommand("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", connection);
            Assert.Equal(11L, await tables.ExecuteScalarAsync());
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task FirstUse_WhenTheDatabaseHasANewerSchema_RefusesNamingTheVersion()
    {
        var connectionString = await postgres.NewDatabaseAsync();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var newer = new NpgsqlCommand("CREATE TABLE journal_schema (id integer PRIMARY KEY, version bigint NOT NULL); INSERT INTO journal_schema VALUES (1, 99);", connection);
            await newer.ExecuteNonQueryAsync();
        }

        await using var store = Open(connectionString);

        var refused = await Assert.ThrowsAsync<OrleansException>(() => store.CheckAsync(None));
        Assert.Contains("schema version 99", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddPostgresJournalStore_WhenConnectionStringMissing_FailsNamingTheSetting()
    {
        using var services = new ServiceCollection().AddPostgresJournalStore(_ => { }, new ConfigurationBuilder().Build()).BuildServiceProvider();

        var refused = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IJournalStore>());
        Assert.Contains("Journals:ConnectionString is missing", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddPostgresJournalStore_WhenConfigured_ResolvesOneSharedStoreWithTheBoundSettings()
    {
        var connectionString = await postgres.NewDatabaseAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Journals:MaxPoolSize"] = "7" }).Build();
        await using var services = new ServiceCollection().AddPostgresJournalStore(o => o.ConnectionString = connectionString, configuration).BuildServiceProvider();

        var store = services.GetRequiredService<IJournalStore>();

        Assert.Same(services.GetRequiredService<PostgresJournalStore>(), store);
        Assert.Equal(7, services.GetRequiredService<IOptions<PostgresJournalStoreOptions>>().Value.MaxPoolSize);
        await ((PostgresJournalStore)store).CheckAsync(None);
    }

    [Fact]
    public async Task Sessions_WhenTheDatabaseDefaultsToAsynchronousCommit_StillCommitDurablyAndEndIdleTransactions()
    {
        var connectionString = await postgres.NewDatabaseAsync();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var lax = new NpgsqlCommand($"ALTER DATABASE \"{connection.Database}\" SET synchronous_commit = off", connection);
            await lax.ExecuteNonQueryAsync();
        }

        await using var store = new PostgresJournalStore(
            Options.Create(new PostgresJournalStoreOptions { ConnectionString = connectionString, CommandTimeout = TimeSpan.FromSeconds(12) }), TimeProvider.System);

        Assert.Equal(("on", "12s"), await store.SessionSettingsAsync(None));
    }

    [Fact]
    public async Task PruneTimer_WhenTheDatabaseIsUnreachable_LogsTheFailureAndTriesAgainNextInterval()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero));
        var logged = new LogLines();
        using var logging = LoggerFactory.Create(builder => builder.AddProvider(logged));
        var missing = $"Host=127.0.0.1;Port={postgres.Server.Port};Username=postgres;Database=no_such_database";
        await using var store = new PostgresJournalStore(Options.Create(new PostgresJournalStoreOptions { ConnectionString = missing }), clock, logging);

        clock.Advance(TimeSpan.FromMinutes(10));
        var first = store.LastPrune!;
        await Assert.ThrowsAsync<OrleansException>(() => first);
        clock.Advance(TimeSpan.FromMinutes(10));

        Assert.NotSame(first, store.LastPrune);
        await Assert.ThrowsAsync<OrleansException>(() => store.LastPrune!);
        Assert.Equal(2, logged.EventIds.Count(id => id == 3102));
    }

    private static PostgresJournalStore Open(string connectionString)
        => new(Options.Create(new PostgresJournalStoreOptions { ConnectionString = connectionString }), TimeProvider.System);

    /// <summary>Collects the event ids logged.</summary>
    private sealed class LogLines : ILoggerProvider, ILogger
    {
        public ConcurrentQueue<int> EventIds { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => EventIds.Enqueue(eventId.Id);

        public void Dispose()
        {
        }
    }
}
