using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace OrleansHa.Benchmarks.Journals;

/// <summary>
/// The baselines: plain SQLite with the same settings as the journal store (WAL, synchronous=FULL), no grains,
/// no apply rules — what the disk and SQLite allow for the same rows.
/// </summary>
internal static class RawSqliteBaseline
{
    /// <summary>
    /// Inserts <paramref name="batches"/> batches of <paramref name="batchSize"/> rows, one transaction (one fsync) per
    /// batch; rows/s. The fastest plain way: one prepared statement driven through SQLitePCL, fields written as JSON
    /// with Utf8JsonWriter — so the ratio measures what the journal adds, not ADO.NET's overhead.
    /// </summary>
    public static double BatchedInserts(string folder, int batches, int batchSize)
    {
        SQLitePCL.Batteries_V2.Init();
        using var connection = Open(Path.Combine(folder, "raw-inserts.db"));
        Execute(connection, "CREATE TABLE IF NOT EXISTS entries (seq INTEGER PRIMARY KEY, key TEXT NOT NULL, kind INTEGER NOT NULL, ts INTEGER NOT NULL, fields TEXT)");
        Execute(connection, "DELETE FROM entries");
        var db = connection.Handle!;
        Check(db, raw.sqlite3_prepare_v2(db, "INSERT INTO entries (seq, key, kind, ts, fields) VALUES (?1, ?2, ?3, ?4, ?5)", out var insert));
        using (insert)
        {
            var buffer = new ArrayBufferWriter<byte>(256);
            var stopwatch = Stopwatch.StartNew();
            long seq = 0;
            for (var b = 0; b < batches; b++)
            {
                Check(db, raw.sqlite3_exec(db, "BEGIN"));
                for (var i = 0; i < batchSize; i++)
                {
                    seq++;
                    var change = JournalWorkload.Change(seq);
                    buffer.ResetWrittenCount();
                    using (var json = new Utf8JsonWriter(buffer))
                    {
                        json.WriteStartObject();
                        foreach (var (name, value) in change.Fields!)
                        {
                            json.WriteString(name, value);
                        }

                        json.WriteEndObject();
                    }

                    raw.sqlite3_bind_int64(insert, 1, seq);
                    raw.sqlite3_bind_text(insert, 2, change.Key);
                    raw.sqlite3_bind_int64(insert, 3, (long)change.Kind);
                    raw.sqlite3_bind_int64(insert, 4, change.Timestamp.UtcTicks);
                    raw.sqlite3_bind_text(insert, 5, Encoding.UTF8.GetString(buffer.WrittenSpan));
                    if (raw.sqlite3_step(insert) != raw.SQLITE_DONE)
                    {
                        throw new InvalidOperationException(raw.sqlite3_errmsg(db).utf8_to_string());
                    }

                    raw.sqlite3_reset(insert);
                }

                Check(db, raw.sqlite3_exec(db, "COMMIT"));
            }

            return seq / stopwatch.Elapsed.TotalSeconds;
        }
    }

    private static void Check(sqlite3 db, int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw new InvalidOperationException($"SQLite error {rc}: {raw.sqlite3_errmsg(db).utf8_to_string()}");
        }
    }

    /// <summary>
    /// Fills one file with <paramref name="rows"/> rows, then copies them page by page into another (read a page,
    /// insert it in one transaction): the bare cost of moving a backlog between two databases; rows/s of the copy.
    /// </summary>
    public static double PagedCopy(string folder, int rows, int pageSize)
    {
        SQLitePCL.Batteries_V2.Init();
        using var source = Open(Path.Combine(folder, "copy-source.db"));
        using var target = Open(Path.Combine(folder, "copy-target.db"));
        Execute(source, "CREATE TABLE entries (seq INTEGER PRIMARY KEY, key TEXT NOT NULL, kind INTEGER NOT NULL, ts INTEGER NOT NULL, fields TEXT)");
        Execute(target, "CREATE TABLE records (key TEXT PRIMARY KEY, ts INTEGER NOT NULL, fields TEXT) WITHOUT ROWID");
        using (var transaction = source.BeginTransaction())
        using (var insert = source.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO entries (seq, key, kind, ts, fields) VALUES ($0, $1, 0, $2, $3)";
            var p = Enumerable.Range(0, 4).Select(i => insert.Parameters.Add(new SqliteParameter("$" + i, null))).ToArray();
            for (long seq = 1; seq <= rows; seq++)
            {
                var change = JournalWorkload.Change(seq);
                p[0].Value = seq;
                p[1].Value = change.Key;
                p[2].Value = change.Timestamp.UtcTicks;
                p[3].Value = System.Text.Json.JsonSerializer.Serialize(change.Fields);
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        using var read = source.CreateCommand();
        read.CommandText = "SELECT seq, key, ts, fields FROM entries WHERE seq > $0 ORDER BY seq LIMIT $1";
        var after = read.Parameters.Add(new SqliteParameter { ParameterName = "$0", Value = 0L });
        read.Parameters.AddWithValue("$1", pageSize);
        using var upsert = target.CreateCommand();
        upsert.CommandText = "INSERT INTO records (key, ts, fields) VALUES ($0, $1, $2) ON CONFLICT (key) DO UPDATE SET ts = excluded.ts, fields = excluded.fields";
        var u = Enumerable.Range(0, 3).Select(i => upsert.Parameters.Add(new SqliteParameter("$" + i, null))).ToArray();
        var stopwatch = Stopwatch.StartNew();
        long copied = 0;
        while (true)
        {
            var page = new List<(long Seq, string Key, long Ts, string Fields)>(pageSize);
            using (var reader = read.ExecuteReader())
            {
                while (reader.Read())
                {
                    page.Add((reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3)));
                }
            }

            if (page.Count == 0)
            {
                break;
            }

            using var transaction = target.BeginTransaction();
            upsert.Transaction = transaction;
            foreach (var row in page)
            {
                u[0].Value = row.Key;
                u[1].Value = row.Ts;
                u[2].Value = row.Fields;
                upsert.ExecuteNonQuery();
            }

            transaction.Commit();
            after.Value = page[^1].Seq;
            copied += page.Count;
        }

        return copied / stopwatch.Elapsed.TotalSeconds;
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        // The journal store's settings exactly: WAL, synchronous=FULL, the same page cache and checkpoint size.
        Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA cache_size = -131072; PRAGMA wal_autocheckpoint = 16384;");
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
