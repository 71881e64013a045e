using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace OrleansHa.Storage.Tests.Cluster;

/// <summary>
/// No single reminder row may stop a silo's reminders (issue 10 item 2). Orleans' reminder service loads a whole hash
/// range at once and drops the range if one row cannot be read or scheduled; the SQLite table refuses to store such a
/// row and leaves one found in the file out of reads. Periods and first ticks beyond the 49.7-day timer limit are
/// fine on Orleans 10.4 (it waits in steps), and are kept.
/// </summary>
public sealed class OutOfRangeReminderTests : IDisposable
{
    private readonly TempDirectory _directory = new("reminder-range");

    private string FilePath => Path.Combine(_directory.Path, "orleansha.db");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task SiloStart_WhenTheFileHoldsBrokenReminderRows_StartsAndLoadsAllTheOthers()
    {
        var good = Guid.NewGuid().ToString("N");
        var longPeriod = Guid.NewGuid().ToString("N");
        var farStart = Guid.NewGuid().ToString("N");
        var zeroPeriod = Guid.NewGuid().ToString("N");
        var badStart = Guid.NewGuid().ToString("N");
        await using (var first = Build())
        {
            await first.DeployAsync();
            foreach (var key in new[] { good, longPeriod, farStart, zeroPeriod, badStart })
            {
                await first.Client.GetGrain<IStorageProbeGrain>(key).RemindAsync("nightly");
            }
        }

        // Beyond the timer limit: 50 days, and a first tick 60 days from now.
        Update("period", TimeSpan.FromDays(50).Ticks, longPeriod);
        Update("start_at", DateTime.UtcNow.AddDays(60).Ticks, farStart);
        Update("period", 0, zeroPeriod); // and two that no version writes, but a damaged or edited file can hold
        Update("start_at", long.MaxValue, badStart);

        await using var second = Build();
        await second.DeployAsync().WaitAsync(TimeSpan.FromMinutes(2));
        var names = await second.Client.GetGrain<IStorageProbeGrain>(good).GetReminderNamesAsync().WaitAsync(TimeSpan.FromMinutes(1));
        // The read the reminder service makes of its range (here the whole ring: one silo).
        var loaded = (await second.Silos[0].ServiceProvider.GetRequiredService<IReminderTable>().ReadRows(0, 0)).Reminders;

        Assert.Equal(["nightly"], names);
        Assert.Equal(new[] { good, longPeriod, farStart }.Order(StringComparer.Ordinal), loaded.Select(r => r.GrainId.Key.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(5L, Count()); // left out of reads, never deleted
    }

    [Fact]
    public async Task UpsertRow_WhenThePeriodIsNotPositive_RefusesNamingTheReminder()
    {
        using var database = SqliteDatabase.Open(new SqliteStorageOptions { DataDirectory = _directory.Path });
        var table = new SqliteReminderTable(database);
        var entry = new ReminderEntry
        {
            GrainId = GrainId.Create("probe", "k"),
            ReminderName = "every-0s",
            StartAt = DateTime.UtcNow,
            Period = TimeSpan.Zero,
        };

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => table.UpsertRow(entry));

        Assert.Contains("every-0s", error.Message, StringComparison.Ordinal);
        Assert.Contains("more than zero", error.Message, StringComparison.Ordinal);
        Assert.Null(await table.ReadRow(entry.GrainId, entry.ReminderName));
    }

    private InProcessTestCluster Build()
        => new InProcessTestClusterBuilder(1)
            .ConfigureSilo((_, silo) => silo
                .AddSqliteGrainStorageAsDefault(o => o.DataDirectory = _directory.Path)
                .UseSqliteReminderService(o => o.DataDirectory = _directory.Path))
            .Build();

    private void Update(string column, long value, string grainKey)
    {
        using var connection = new SqliteConnection($"Data Source={FilePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"UPDATE reminders SET {column} = $v WHERE grain_key = $k;";
        command.Parameters.AddWithValue("$v", value);
        command.Parameters.AddWithValue("$k", grainKey);
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    private long Count()
    {
        using var connection = new SqliteConnection($"Data Source={FilePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM reminders;";
        return (long)command.ExecuteScalar()!;
    }
}
