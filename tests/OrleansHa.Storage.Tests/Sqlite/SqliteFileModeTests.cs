using System.Runtime.Versioning;
using OrleansHa.Storage.Tests.Conformance;

namespace OrleansHa.Storage.Tests.Sqlite;

/// <summary>The database file, its -wal and -shm files and a folder it creates are for their owner only, whatever the umask.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class SqliteFileModeTests : IDisposable
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly TempDirectory _directory = new("sqlite-modes");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Open_InAFolderItCreates_MakesTheFolder0700AndTheFiles0600()
    {
        var folder = Path.Combine(_directory.Path, "data");

        using (var database = SqliteDatabase.Open(new SqliteStorageOptions { DataDirectory = folder }))
        {
            await new SqliteGrainStorage(database).WriteStateAsync("s", GrainId.Create("t", "mode"), new StoredState(new TestState { Count = 1 }));
            var files = new[] { database.FilePath, database.FilePath + "-wal", database.FilePath + "-shm" };

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
            Assert.All(files, file => Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(file)));
        }
    }
}
