using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using OrleansHa.Storage;

namespace OrleansHa.Benchmarks;

/// <summary>
/// Persisted state writes per second through our SQLite grain storage provider (group commit), called directly and
/// through grains in an Orleans in-process cluster, beside raw SQLite upserts, one per transaction, with the same
/// payload, WAL and synchronous=FULL; one writer and 100 writers.
/// </summary>
public sealed partial class StorageBenchmarks : IBenchmarkSuite
{
    private const int ConcurrentWriters = 100;

    public string Name => "storage";

    public string Description => "SQLite grain state writes/s (group commit) beside raw one-upsert-per-transaction SQLite, synchronous=FULL";

    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        // The disk is shared and its fsync speed drifts by 10x within minutes, so the paths take turns in short
        // slices, and each figure is the mean over its slices: ours and the baseline see the same disk.
        var slice = TimeSpan.FromSeconds(1);
        var rounds = context.Quick ? 1 : 4;
        var payload = JsonSerializer.SerializeToUtf8Bytes(BenchmarkState.Sample(), GrainStateJson.Options);
        context.Log.WriteLine($"[storage] payload {payload.Length} bytes, {rounds} round(s) of {slice.TotalSeconds:0} s slices");

        // Warm up every path (JIT, the file system) so none pays for it inside its measure.
        var warmUp = TimeSpan.FromMilliseconds(300);
        var slot = 0;
        string Folder(string name) => Path.Combine(context.WorkDirectory, $"{name}-{slot++}");
        RawUpserts(Folder("raw"), payload, writers: 1, warmUp);
        await OursAsync(Folder("ours"), writers: 1, warmUp);
        await ThroughGrainsAsync(Folder("grain"), writers: 1, warmUp);

        // Each slice starts with no dirty pages from the one before: on ext4 an fsync also flushes other files'
        // dirty data, so without this a slice would pay for its predecessor's writes.
        double rawSingle = 0, oursSingle = 0, grainSingle = 0, rawMany = 0, oursMany = 0, grainMany = 0;
        for (var round = 0; round < rounds; round++)
        {
            // Alternate the order each round, so no path always follows the same neighbour.
            var forward = round % 2 == 0;
            foreach (var writers in new[] { 1, ConcurrentWriters })
            {
                var many = writers > 1;
                foreach (var path in forward ? new[] { 0, 1, 2 } : [2, 1, 0])
                {
                    var rate = path switch
                    {
                        0 => Settled(() => RawUpserts(Folder("raw"), payload, writers, slice)),
                        1 => await Settled(() => OursAsync(Folder("ours"), writers, slice)),
                        _ => await Settled(() => ThroughGrainsAsync(Folder("grain"), writers, slice)),
                    } / rounds;
                    switch (path, many)
                    {
                        case (0, false): rawSingle += rate; break;
                        case (1, false): oursSingle += rate; break;
                        case (2, false): grainSingle += rate; break;
                        case (0, true): rawMany += rate; break;
                        case (1, true): oursMany += rate; break;
                        default: grainMany += rate; break;
                    }
                }
            }

            context.Log.WriteLine($"[storage] round {round + 1}/{rounds} done");
        }

        context.Log.WriteLine($"[storage] 1 writer: raw {rawSingle:0}, ours {oursSingle:0}, grain {grainSingle:0} writes/s");
        context.Log.WriteLine($"[storage] {ConcurrentWriters} writers: raw {rawMany:0}, ours {oursMany:0}, grains {grainMany:0} writes/s");
        return
        [
            new("state writes/s, 1 writer", oursSingle, rawSingle, "writes/s", "raw SQLite upsert per txn, 1 writer", "ratio ≥ 0.5", oursSingle >= 0.5 * rawSingle),
            new($"state writes/s, {ConcurrentWriters} writers", oursMany, oursSingle, "writes/s", "ours, 1 writer", "ratio ≥ 5", oursMany >= 5 * oursSingle),
            new($"state writes/s, {ConcurrentWriters} writers vs raw", oursMany, rawMany, "writes/s", $"raw SQLite upsert per txn, {ConcurrentWriters} writers", "-", null),
            new("grain IPersistentState writes/s, 1 grain", grainSingle, rawSingle, "writes/s", "raw SQLite upsert per txn, 1 writer", "ratio ≥ 0.5", grainSingle >= 0.5 * rawSingle),
            new($"grain IPersistentState writes/s, {ConcurrentWriters} grains", grainMany, grainSingle, "writes/s", "grain writes, 1 grain", "ratio ≥ 5", grainMany >= 5 * grainSingle),
        ];
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
