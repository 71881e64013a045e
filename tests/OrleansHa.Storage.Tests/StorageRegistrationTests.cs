using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansHa.Runtime.Reminders;

namespace OrleansHa.Storage.Tests;

public sealed class StorageRegistrationTests : IDisposable
{
    private readonly TempDirectory _directory = new("registration");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void AddSqliteGrainStorage_WhenReminderTableNamesSameFolder_SharesOneDatabase()
    {
        var services = new ServiceCollection()
            .AddSqliteGrainStorageAsDefault(o => o.DataDirectory = _directory.Path)
            .AddSqliteGrainStorage("archive", o => o.DataDirectory = _directory.Path)
            .AddSqliteReminderTable(o => o.DataDirectory = _directory.Path);
        using var provider = services.BuildServiceProvider();

        var byDefault = Assert.IsType<SqliteGrainStorage>(provider.GetRequiredKeyedService<IGrainStorage>("Default"));
        var archive = Assert.IsType<SqliteGrainStorage>(provider.GetRequiredKeyedService<IGrainStorage>("archive"));
        var reminders = Assert.IsType<SqliteReminderTable>(provider.GetRequiredService<IReminderTable>());

        Assert.Same(byDefault.Database, archive.Database);
        Assert.Same(byDefault.Database, reminders.Database);
    }

    [Fact]
    public void AddOrleansHaStorage_WhenConfigurationChoosesAzureBlob_RegistersBlobProviders()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "AzureBlob",
            ["Storage:AzureBlob:ConnectionString"] = "UseDevelopmentStorage=true",
        }).Build();
        using var provider = new ServiceCollection()
            .AddOrleansHaStorage(o => configuration.GetSection("Storage").Bind(o))
            .BuildServiceProvider();

        Assert.IsType<AzureBlobGrainStorage>(provider.GetRequiredKeyedService<IGrainStorage>("Default"));
        Assert.IsType<AzureBlobReminderTable>(provider.GetRequiredService<IReminderTable>());
    }

    [Fact]
    public void AddOrleansHaStorage_WhenNothingChosen_UsesSqliteInDataDirectory()
    {
        using var provider = new ServiceCollection()
            .AddOrleansHaStorage(o => o.Sqlite.DataDirectory = _directory.Path)
            .BuildServiceProvider();

        var storage = Assert.IsType<SqliteGrainStorage>(provider.GetRequiredKeyedService<IGrainStorage>("Default"));
        var reminders = Assert.IsType<SqliteReminderTable>(provider.GetRequiredService<IReminderTable>());

        Assert.Same(storage.Database, reminders.Database);
        Assert.Equal(Path.Combine(_directory.Path, "orleansha.db"), storage.Database.FilePath);
    }

    [Fact]
    public void AddOrleansHaStorage_WhenAzureBlobChosenWithoutConnectionString_ThrowsNamingSetting()
    {
        using var provider = new ServiceCollection()
            .AddOrleansHaStorage(o => o.Provider = StorageProviderKind.AzureBlob)
            .BuildServiceProvider();

        var ex = Assert.Throws<ArgumentException>(() => provider.GetRequiredKeyedService<IGrainStorage>("Default"));

        Assert.Contains("AzureBlobStorageOptions.ConnectionString", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_WhenProviderDisposed_ClosesDatabaseAfterQueuedWrites()
    {
        var id = Orleans.Runtime.GrainId.Create("t", "k");
        Task write;
        var provider = new ServiceCollection().AddSqliteGrainStorageAsDefault(o => o.DataDirectory = _directory.Path).BuildServiceProvider();
        var storage = provider.GetRequiredKeyedService<IGrainStorage>("Default");
        write = storage.WriteStateAsync("s", id, new Orleans.GrainState<Conformance.TestState>(new Conformance.TestState { Count = 3 }));
        provider.Dispose();
        await write;

        using var reopened = new SqliteDatabase(new SqliteStorageOptions { DataDirectory = _directory.Path });
        var read = new Orleans.GrainState<Conformance.TestState>(new Conformance.TestState());
        await new SqliteGrainStorage(reopened).ReadStateAsync("s", id, read);
        Assert.Equal(3, read.State.Count);
    }
}
