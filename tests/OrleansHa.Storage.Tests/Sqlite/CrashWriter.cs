using System.Globalization;
using OrleansHa.Storage.Tests.Conformance;

namespace OrleansHa.Storage.Tests.Sqlite;

/// <summary>
/// The child process of the crash test: concurrent writers each write their grain's state with a rising count,
/// forever, and print <c>ack {writer} {count}</c> after each write completes (that is, after its commit).
/// </summary>
public static class CrashWriter
{
    public const string Switch = "--storage-crash-writer";
    public const int Writers = 20;

    public static async Task RunAsync(string folder)
    {
        using var database = SqliteDatabase.Open(new SqliteStorageOptions { DataDirectory = folder });
        var storage = new SqliteGrainStorage(database);
        var output = TextWriter.Synchronized(Console.Out);
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(async w =>
        {
            var state = new StoredState(new TestState { Name = $"w{w}" });
            var id = GrainId(w);
            while (true)
            {
                state.State.Count++;
                await storage.WriteStateAsync("crash", id, state);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ack {w} {state.State.Count}"));
            }
        }));
    }

    public static GrainId GrainId(int writer) => Orleans.Runtime.GrainId.Create("crash", $"w{writer}");
}
