using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using OrleansHa.Journals;
using Xunit.Abstractions;

namespace OrleansHa.Storage.Tests.Journals;

/// <summary>The journal store contract on the SQLite store, in a scratch folder per test.</summary>
public sealed class SqliteJournalStoreTests(ITestOutputHelper output) : JournalStoreContractTests
{
    private readonly TempDirectory _directory = new("journal-store");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    protected override Task<IJournalStore> OpenStoreAsync(TimeProvider time)
        => Task.FromResult<IJournalStore>(new SqliteJournalStore(Options.Create(new JournalStoreOptions { DataDirectory = _directory.Path }), time));

    protected override void Report(string line) => output.WriteLine(line);

    protected override Task<JournalPruneResult> LastPruneAsync(IJournalStore store) => ((SqliteJournalStore)store).LastPrune!;
}
