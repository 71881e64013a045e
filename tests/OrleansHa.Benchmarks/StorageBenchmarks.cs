using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Orleans;
using Orleans.Runtime;
using OrleansHa.Storage;

namespace OrleansHa.Benchmarks;

/// <summary>
/// Persisted state writes per second through <see cref="SqliteGrainStorage"/> (group commit) beside raw SQLite
/// upserts, one per transaction, with the same payload, WAL and synchronous=FULL; one writer and 100 writers.
/// </summary>
public sealed class StorageBenchmarks : IBenchmarkSuite
{
    private const int ConcurrentWriters = 100;

    public string Name => "storage";

    public string Description => "SQLite grain state writes/s (group commit) beside raw one-upsert-per-transaction SQLite, synchronous=FULL";

    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var duration = context.Quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(4);
        var payload = JsonSerializer.SerializeToUtf8Bytes(BenchmarkState.Sample(), GrainStateJson.Options);
        context.Log.WriteLine($"[storage] payload {payload.Length} bytes, {duration.TotalSeconds:0} s per measure");

        // Warm up both paths (JIT, the file system) so neither pays for it inside its measure.
        var warmUp = TimeSpan.FromMilliseconds(500);
        RawUpserts(Path.Combine(context.WorkDirectory, "warm-raw"), payload, writers: 1, warmUp);
        await OursAsync(Path.Combine(context.WorkDirectory, "warm-ours"), writers: 1, warmUp);

        var rawSingle = RawUpserts(Path.Combine(context.WorkDirectory, "raw1"), payload, writers: 1, duration);
        context.Log.WriteLine($"[storage] raw, 1 writer: {rawSingle:0} writes/s");
        var oursSingle = await OursAsync(Path.Combine(context.WorkDirectory, "ours1"), writers: 1, duration);
        context.Log.WriteLine($"[storage] ours, 1 writer: {oursSingle:0} writes/s");
        var rawMany = RawUpserts(Path.Combine(context.WorkDirectory, "raw100"), payload, ConcurrentWriters, duration);
        context.Log.WriteLine($"[storage] raw, {ConcurrentWriters} writers: {rawMany:0} writes/s");
        var oursMany = await OursAsync(Path.Combine(context.WorkDirectory, "ours100"), ConcurrentWriters, duration);
        context.Log.WriteLine($"[storage] ours, {ConcurrentWriters} writers: {oursMany:0} writes/s");

        return
        [
            new("state writes/s, 1 writer", oursSingle, rawSingle, "writes/s", "raw SQLite upsert per txn, 1 writer", "ratio ≥ 0.5", oursSingle >= 0.5 * rawSingle),
            new($"state writes/s, {ConcurrentWriters} writers", oursMany, oursSingle, "writes/s", "ours, 1 writer", "ratio ≥ 5", oursMany >= 5 * oursSingle),
            new($"state writes/s, {ConcurrentWriters} writers vs raw", oursMany, rawMany, "writes/s", $"raw SQLite upsert per txn, {ConcurrentWriters} writers", "-", null),
        ];
    }

    // Our path: SqliteGrainStorage, each writer its own grain, writing its state again and again with its ETag.
    private static async Task<double> OursAsync(string directory, int writers, TimeSpan duration)
    {
        using var database = new SqliteDatabase(new SqliteStorageOptions { DataDirectory = directory, Durable = true });
        var storage = new SqliteGrainStorage(database);
        var count = 0L;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(async w =>
        {
            var id = GrainId.Create("bench", $"w{w}");
            var state = new GrainState<BenchmarkState>(BenchmarkState.Sample());
            while (stopwatch.Elapsed < duration)
            {
                state.State.Counter++;
                await storage.WriteStateAsync("state", id, state);
                Interlocked.Increment(ref count);
            }
        }));
        return count / stopwatch.Elapsed.TotalSeconds;
    }

    // The baseline: the same bytes upserted with Microsoft.Data.Sqlite, one upsert per transaction, WAL, FULL.
    // SQLite has one writer at a time, so concurrent writers take turns on one connection (a lock), as an
    // application without group commit would.
    private static double RawUpserts(string directory, byte[] payload, int writers, TimeSpan duration)
    {
        Directory.CreateDirectory(directory);
        SQLitePCL.Batteries_V2.Init();
        using var connection = new SqliteConnection($"Data Source={Path.Combine(directory, "raw.db")};Pooling=False");
        connection.Open();
        using (var setup = connection.CreateCommand())
        {
            setup.CommandText = """
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = FULL;
                CREATE TABLE IF NOT EXISTS state (id TEXT NOT NULL PRIMARY KEY, etag INTEGER NOT NULL, payload BLOB NOT NULL);
                """;
            setup.ExecuteNonQuery();
        }

        using var begin = Command(connection, "BEGIN IMMEDIATE;");
        using var commit = Command(connection, "COMMIT;");
        using var upsert = Command(connection, "INSERT INTO state (id, etag, payload) VALUES ($id, 1, $p) ON CONFLICT (id) DO UPDATE SET etag = etag + 1, payload = excluded.payload;", "$id", "$p");
        var gate = new object();
        var count = 0L;
        var stopwatch = Stopwatch.StartNew();
        var threads = Enumerable.Range(0, writers).Select(w => new Thread(() =>
        {
            var id = $"w{w}";
            while (stopwatch.Elapsed < duration)
            {
                lock (gate)
                {
                    begin.ExecuteNonQuery();
                    upsert.Parameters[0].Value = id;
                    upsert.Parameters[1].Value = payload;
                    upsert.ExecuteNonQuery();
                    commit.ExecuteNonQuery();
                }

                Interlocked.Increment(ref count);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return count / stopwatch.Elapsed.TotalSeconds;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }
}
