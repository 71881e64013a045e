using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using OrleansHa.Journals;
using OrleansHa.Systems;
using OrleansHa.Testing;

namespace OrleansHa.Benchmarks.Journals;

/// <summary>
/// The shared journal store, measured to justify the choice (issue 12): appends/s for 30 journals, each appending
/// batches of 10 one after another (as 30 journal grains would), on the SQLite store (one silo's file), the PostgreSQL
/// store (a throw-away server on loopback, fsync on) and Azure Table storage on Azurite doing the equivalent
/// entity-group transaction per append: the journal's head row (ETag-checked), the request id, 10 entries, 10 records
/// and 10 history rows in the journal's partition, 32 operations of the 100 one transaction may hold.
/// </summary>
public sealed class JournalStoreBenchmarks : IBenchmarkSuite
{
    private const int Journals = 30;
    private const int BatchSize = 10;

    /// <inheritdoc/>
    public string Name => "journalstore";

    /// <inheritdoc/>
    public string Description => "shared journal store: appends/s, 30 journals x batches of 10, PostgreSQL vs SQLite vs Azure Table (Azurite)";

    /// <inheritdoc/>
    public string Note => "Same machine, loopback, durable commits for both SQL stores. Azurite is an emulator (no replication, its own disk writes), so its row shows the API's shape (one transaction per partition and append, at most 100 rows), not Azure's latency.";

    /// <inheritdoc/>
    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var batches = context.Quick ? 10 : 100;
        var sqliteFolder = Path.Combine(context.WorkDirectory, "sqlite");
        Run sqlite, postgres, table;
        using (var store = new SqliteJournalStore(Options.Create(new JournalStoreOptions { DataDirectory = sqliteFolder }), TimeProvider.System))
        {
            sqlite = await MeasureStoreAsync(store, batches, cancellationToken);
        }

        context.Log.WriteLine($"[{Name}] SQLite store: {sqlite.AppendsPerSecond:N0} appends/s, p99 {sqlite.P99:N1} ms");
        await using (var server = await PostgresServer.StartAsync(cancellationToken))
        {
            var connection = await server.CreateDatabaseAsync("journal_bench", cancellationToken);
            await using var store = new PostgresJournalStore(Options.Create(new PostgresJournalStoreOptions { ConnectionString = connection }), TimeProvider.System);
            postgres = await MeasureStoreAsync(store, batches, cancellationToken);
        }

        context.Log.WriteLine($"[{Name}] PostgreSQL store: {postgres.AppendsPerSecond:N0} appends/s, p99 {postgres.P99:N1} ms");
        await using (var azurite = await AzuriteTables.StartAsync(Path.Combine(context.WorkDirectory, "azurite"), cancellationToken))
        {
            table = await MeasureTableAsync(azurite.ConnectionString, batches, cancellationToken);
        }

        context.Log.WriteLine($"[{Name}] Azure Table on Azurite: {table.AppendsPerSecond:N0} appends/s, p99 {table.P99:N1} ms");
        var measure = $"appends/s, {Journals} journals x {batches} batches of {BatchSize}";
        return
        [
            new($"{measure}: PostgreSQL store", postgres.AppendsPerSecond, sqlite.AppendsPerSecond, "appends/s", "SQLite store (one silo's file)", "none (shared store's cost)", null),
            new($"{measure}: PostgreSQL store", postgres.AppendsPerSecond, table.AppendsPerSecond, "appends/s", "Azure Table on Azurite, entity-group batch", "none (choice)", null),
            new("append latency p99: PostgreSQL store", postgres.P99, sqlite.P99, "ms", "SQLite store", "none", null),
            new("append latency p99: PostgreSQL store", postgres.P99, table.P99, "ms", "Azure Table on Azurite", "none", null),
        ];
    }

    /// <summary>One warm-up append per journal (schema, pools, JIT), then the timed run.</summary>
    private static async Task<Run> MeasureStoreAsync(IJournalStore store, int batches, CancellationToken cancellationToken)
    {
        var definition = new JournalDefinition([new RemoteSystemAddress("BACKUP", "127.0.0.1:1", "backup")], [], long.MaxValue);
        await Task.WhenAll(Enumerable.Range(0, Journals).Select(async j =>
        {
            await store.SaveDefinitionAsync(JournalName(j), definition, cancellationToken);
            await store.AppendAsync(JournalName(j), "warm", JournalWorkload.Batch(1, BatchSize), [], long.MaxValue, true, cancellationToken);
        }));
        return await TimeAsync(batches, async (j, b) =>
        {
            var first = ((b + 1L) * BatchSize) + 1;
            var outcome = await store.AppendAsync(JournalName(j), $"r{b}", JournalWorkload.Batch(first, BatchSize), [], long.MaxValue, true, cancellationToken);
            if (!outcome.Result.Accepted)
            {
                throw new InvalidOperationException($"Append {b} to {JournalName(j)} was refused.");
            }
        });
    }

    /// <summary>The same appends as entity-group transactions on Azure Table storage, optimistic on the head row's ETag.</summary>
    private static async Task<Run> MeasureTableAsync(string connectionString, int batches, CancellationToken cancellationToken)
    {
        var table = new TableServiceClient(connectionString).GetTableClient("journalbench");
        await table.CreateIfNotExistsAsync(cancellationToken);
        var heads = new ETag[Journals];
        var last = new long[Journals];
        await Task.WhenAll(Enumerable.Range(0, Journals).Select(async j =>
        {
            var added = await table.AddEntityAsync(new TableEntity(JournalName(j), "~head") { ["LastSequence"] = 0L }, cancellationToken);
            heads[j] = added.Headers.ETag!.Value;
            (heads[j], last[j]) = await AppendToTableAsync(table, j, "warm", JournalWorkload.Batch(1, BatchSize), heads[j], last[j], cancellationToken);
        }));
        return await TimeAsync(batches, async (j, b) =>
        {
            var first = ((b + 1L) * BatchSize) + 1;
            (heads[j], last[j]) = await AppendToTableAsync(table, j, $"r{b}", JournalWorkload.Batch(first, BatchSize), heads[j], last[j], cancellationToken);
        });
    }

    private static async Task<(ETag Head, long Last)> AppendToTableAsync(
        TableClient table, int journal, string requestId, JournalChange[] changes, ETag head, long last, CancellationToken cancellationToken)
    {
        var partition = JournalName(journal);
        var now = DateTimeOffset.UtcNow.UtcTicks;
        var actions = new List<TableTransactionAction>(3 + (3 * changes.Length))
        {
            new(TableTransactionActionType.UpdateReplace, new TableEntity(partition, "~head") { ["LastSequence"] = last + changes.Length }, head),
            new(TableTransactionActionType.Add, new TableEntity(partition, "q:" + requestId) { ["At"] = now }),
        };
        for (var i = 0; i < changes.Length; i++)
        {
            var sequence = last + 1 + i;
            var change = changes[i];
            var fields = FieldsText(change);
            var seq = sequence.ToString("D19", CultureInfo.InvariantCulture);
            actions.Add(new(TableTransactionActionType.Add, new TableEntity(partition, "e:" + seq) { ["Key"] = change.Key, ["Ts"] = change.Timestamp.UtcTicks, ["Fields"] = fields }));
            actions.Add(new(TableTransactionActionType.UpsertReplace, new TableEntity(partition, "r:" + change.Key) { ["Ts"] = change.Timestamp.UtcTicks, ["Fields"] = fields }));
            actions.Add(new(TableTransactionActionType.Add, new TableEntity(partition, "h:" + seq) { ["Key"] = change.Key, ["At"] = now, ["Fields"] = fields }));
        }

        var response = await table.SubmitTransactionAsync(actions, cancellationToken);
        return (response.Value[0].Headers.ETag!.Value, last + changes.Length);
    }

    private static string FieldsText(JournalChange change)
        => string.Join(';', (change.Fields ?? []).Select(f => f.Key + "=" + f.Value));

    /// <summary>Each journal appends <paramref name="batches"/> batches one after another; all journals at once.</summary>
    private static async Task<Run> TimeAsync(int batches, Func<int, int, Task> append)
    {
        var latencies = new double[Journals * batches];
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Journals).Select(j => Task.Run(async () =>
        {
            for (var b = 0; b < batches; b++)
            {
                var one = Stopwatch.StartNew();
                await append(j, b);
                latencies[(j * batches) + b] = one.Elapsed.TotalMilliseconds;
            }
        })));
        var elapsed = total.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        return new Run(latencies.Length / elapsed, latencies[(int)Math.Min(latencies.Length - 1, Math.Ceiling(latencies.Length * 0.99) - 1)]);
    }

    private static string JournalName(int journal) => "bench-" + journal.ToString("D2", CultureInfo.InvariantCulture);

    private readonly record struct Run(double AppendsPerSecond, double P99);

    /// <summary>Azurite's table service alone, on a free loopback port with a scratch folder.</summary>
    private sealed class AzuriteTables(Process process, int port) : IAsyncDisposable
    {
        // Azurite's published development account key: documented by Microsoft, not a secret.
        private const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

        public string ConnectionString
            => $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentKey};TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";

        public static async Task<AzuriteTables> StartAsync(string folder, CancellationToken cancellationToken)
        {
            Directory.CreateDirectory(folder);
            int port;
            using (var probe = new TcpListener(IPAddress.Loopback, 0))
            {
                probe.Start();
                port = ((IPEndPoint)probe.LocalEndpoint).Port;
            }

            var start = new ProcessStartInfo("azurite-table") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in (string[])["--tableHost", "127.0.0.1", "--tablePort", port.ToString(CultureInfo.InvariantCulture), "--location", folder, "--silent", "--skipApiVersionCheck", "--disableTelemetry"])
            {
                start.ArgumentList.Add(argument);
            }

            var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start azurite-table (npm install -g azurite).");
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var azurite = new AzuriteTables(process, port);
            for (var attempt = 0; attempt < 300 && !process.HasExited; attempt++)
            {
                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                    return azurite;
                }
                catch (SocketException)
                {
                    await Task.Delay(100, cancellationToken);
                }
            }

            await azurite.DisposeAsync();
            throw new TimeoutException($"azurite-table did not listen on 127.0.0.1:{port} within 30 seconds.");
        }

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }
    }
}
