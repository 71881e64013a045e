using Microsoft.Extensions.Options;
using OrleansHa.Journals;

namespace OrleansHa.Storage.Tests.Journals;

/// <summary>A journal store in a scratch folder, deleted on dispose.</summary>
internal sealed class TempStore : IDisposable
{
    public TempStore(TimeProvider? time = null)
    {
        Directory = Path.Combine(Path.GetTempPath(), "orleansha-journal-tests", Guid.NewGuid().ToString("N"));
        Store = Open(time);
    }

    public string Directory { get; }

    public SqliteJournalStore Store { get; private set; }

    /// <summary>Closes and reopens the same database, as after a restart.</summary>
    public void Reopen()
    {
        Store.Dispose();
        Store = Open(null);
    }

    public void Dispose()
    {
        Store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A scratch folder left in /tmp is harmless.
        }
    }

    private SqliteJournalStore Open(TimeProvider? time)
        => new(Options.Create(new JournalStoreOptions { DataDirectory = Directory }), time ?? TimeProvider.System);
}
