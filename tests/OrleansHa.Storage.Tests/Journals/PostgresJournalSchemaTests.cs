using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
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
            Assert.Equal(1L, await version.ExecuteScalarAsync());
            await using var tables = new NpgsqlCommand("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", connection);
            Assert.Equal(10L, await tables.ExecuteScalarAsync());
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

    private static PostgresJournalStore Open(string connectionString)
        => new(Options.Create(new PostgresJournalStoreOptions { ConnectionString = connectionString }), TimeProvider.System);
}
