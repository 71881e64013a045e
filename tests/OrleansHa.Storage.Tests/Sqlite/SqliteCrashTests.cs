using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using OrleansHa.Storage.Tests.Conformance;

namespace OrleansHa.Storage.Tests.Sqlite;

/// <summary>Acknowledged writes survive a SIGKILL of the writing process.</summary>
public sealed class SqliteCrashTests : IDisposable
{
    private readonly TempDirectory _directory = new("sqlite-crash");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task WriteStateAsync_WhenWriterProcessKilledMidWrite_EveryAcknowledgedWriteIsStored()
    {
        var acknowledged = new long[CrashWriter.Writers];
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "exec", typeof(CrashWriter).Assembly.Location, CrashWriter.Switch, _directory.Path })
        {
            start.ArgumentList.Add(arg);
        }

        using (var writer = Process.Start(start)!)
        {
            var errors = writer.StandardError.ReadToEndAsync();
            var acks = 0;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (acks < 2000 && await writer.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (Record(line, acknowledged))
                {
                    acks++;
                }
            }

            // SIGKILL while the writers are still writing: no flush, no dispose, no goodbye.
            writer.Kill();
            while (await writer.StandardOutput.ReadLineAsync(CancellationToken.None) is { } line)
            {
                _ = Record(line, acknowledged);
            }

            await writer.WaitForExitAsync(CancellationToken.None);
            Assert.True(acks >= 2000, $"The writer process acknowledged only {acks} writes before it stopped. Its errors:\n{await errors}");
        }

        using var reopened = SqliteDatabase.Open(new SqliteStorageOptions { DataDirectory = _directory.Path });
        var storage = new SqliteGrainStorage(reopened);
        for (var w = 0; w < CrashWriter.Writers; w++)
        {
            var read = new StoredState();
            await storage.ReadStateAsync("crash", CrashWriter.GrainId(w), read);
            Assert.True(read.State.Count >= acknowledged[w], $"Writer {w}: count {acknowledged[w]} was acknowledged, but {read.State.Count} is stored.");
        }

        using var connection = new SqliteConnection($"Data Source={reopened.FilePath};Pooling=False");
        connection.Open();
        using var check = connection.CreateCommand();
        check.CommandText = "PRAGMA integrity_check;";
        Assert.Equal("ok", (string?)check.ExecuteScalar());
    }

    private static bool Record(string line, long[] acknowledged)
    {
        // "ack {writer} {count}"; a line cut short by the kill is ignored.
        var parts = line.Split(' ');
        if (parts is ["ack", var w, var c]
            && int.TryParse(w, CultureInfo.InvariantCulture, out var writer)
            && long.TryParse(c, CultureInfo.InvariantCulture, out var count))
        {
            acknowledged[writer] = Math.Max(acknowledged[writer], count);
            return true;
        }

        return false;
    }
}
