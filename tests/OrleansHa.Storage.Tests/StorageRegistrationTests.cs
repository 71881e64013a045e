using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansHa.Storage.Tests.Conformance;

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
    public void AddSqliteGrainStorageAsDefault_ResolvesUnkeyedAsTheDefaultProvider()
    {
        using var provider = new ServiceCollection()
            .AddSqliteGrainStorageAsDefault(o => o.DataDirectory = _directory.Path)
            .BuildServiceProvider();

        var unkeyed = provider.GetRequiredService<IGrainStorage>();

        Assert.Same(provider.GetRequiredKeyedService<IGrainStorage>("Default"), unkeyed);
    }

    [Fact]
    public void AddSqliteGrainStorage_WhenNamed_IsNotTheUnkeyedDefault()
    {
        using var provider = new ServiceCollection()
            .AddSqliteGrainStorage("archive", o => o.DataDirectory = _directory.Path)
            .BuildServiceProvider();

        Assert.Null(provider.GetService<IGrainStorage>());
        Assert.IsType<SqliteGrainStorage>(provider.GetRequiredKeyedService<IGrainStorage>("archive"));
    }

    [Fact]
    public void AddSqliteGrainStorage_WhenTwoServiceProvidersNameOneFile_ShareOneWriter()
    {
        var services = new ServiceCollection().AddSqliteGrainStorageAsDefault(o => o.DataDirectory = _directory.Path);
        using var first = services.BuildServiceProvider();
        using var second = services.BuildServiceProvider();

        var one = (SqliteGrainStorage)first.GetRequiredService<IGrainStorage>();
        var two = (SqliteGrainStorage)second.GetRequiredService<IGrainStorage>();

        Assert.NotSame(one.Database, two.Database);
        Assert.Same(one.Database.File, two.Database.File);
        Assert.Equal(2, SqliteDatabaseFiles.Users(one.Database.FilePath));
    }

    [Fact]
    public void AddSqliteGrainStorage_WhenDataDirectoryMissing_ThrowsNamingSetting()
    {
        using var provider = new ServiceCollection().AddSqliteGrainStorageAsDefault(_ => { }).BuildServiceProvider();

        var ex = Assert.Throws<ArgumentException>(() => provider.GetRequiredService<IGrainStorage>());

        Assert.Contains("SqliteStorageOptions.DataDirectory", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_WhenProviderDisposed_ClosesDatabaseAfterQueuedWrites()
    {
        var id = GrainId.Create("t", "k");
        var provider = new ServiceCollection().AddSqliteGrainStorageAsDefault(o => o.DataDirectory = _directory.Path).BuildServiceProvider();
        var storage = provider.GetRequiredKeyedService<IGrainStorage>("Default");
        var path = ((SqliteGrainStorage)storage).Database.FilePath;
        var write = storage.WriteStateAsync("s", id, new StoredState(new TestState { Count = 3 }));
        provider.Dispose();
        await write;

        Assert.Equal(0, SqliteDatabaseFiles.Users(path));
        using var reopened = SqliteDatabase.Open(new SqliteStorageOptions { DataDirectory = _directory.Path });
        var read = new StoredState();
        await new SqliteGrainStorage(reopened).ReadStateAsync("s", id, read);
        Assert.Equal(3, read.State.Count);
    }
}
