using System.Globalization;
using OrleansHa.Testing;

namespace OrleansHa.Storage.Tests.Journals;

/// <summary>One PostgreSQL server for every test of the collection; each test takes a database of its own.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private int _databases;

    public PostgresServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await PostgresServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>A fresh, empty database; returns its connection string.</summary>
    public Task<string> NewDatabaseAsync()
        => Server.CreateDatabaseAsync("journals_" + Interlocked.Increment(ref _databases).ToString(CultureInfo.InvariantCulture));
}

/// <summary>The test classes that share <see cref="PostgresFixture"/>'s server.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
