using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using OrleansHa.Journals;

namespace OrleansHa.Storage.Tests.Journals;

/// <summary>Journal stores of one process on one file (two silos sharing a data folder) share its one writer.</summary>
public sealed class SqliteJournalSharedFileTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _directory = new("journal-shared");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Fact]
    public async Task AppendAsync_WhenTwoStoresWriteOneFileAtOnce_BothShareTheWriterAndEveryHistoryRowIsStored()
    {
        using var first = Open();
        using var second = Open();

        var appends = Enumerable.Range(0, 40).Select(i => (i % 2 == 0 ? first : second).AppendAsync(
            $"journal-{i % 4}", $"r{i}", [JournalChange.Patch("a", T0.AddSeconds(i), new() { ["n"] = $"{i}" })], [], 1000, false, CancellationToken.None));
        var outcomes = await Task.WhenAll(appends);

        Assert.All(outcomes, o => Assert.True(o.Result.Accepted));
        Assert.Equal(2, SqliteDatabaseFiles.Users(first.DatabasePath));
        for (var j = 0; j < 4; j++)
        {
            Assert.Equal(10, (await second.GetHistoryAsync($"journal-{j}", "a", 100, CancellationToken.None)).Count);
            Assert.Equal(10, (await first.GetLocalStateAsync($"journal-{j}", CancellationToken.None)).LastSequence);
        }
    }

    private SqliteJournalStore Open()
        => new(Options.Create(new JournalStoreOptions { DataDirectory = _directory.Path }), TimeProvider.System);
}
