using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OrleansHa.Storage;

/// <summary>
/// Orleans' reminder table in a SQLite file: one row per (grain, reminder name), times as UTC ticks, ETag a version
/// number, and the grain's uniform hash in an indexed column for the reminder service's range reads. Upserts and
/// removals share the group commits of the file's writer (see <see cref="SqliteDatabase"/>).
/// Orleans' reminder service reads a whole hash range at once and gives up the range (every reminder in it, on that
/// silo) if one row cannot be scheduled (a period that is not positive) or cannot be read (a start time beyond the
/// calendar); so such a row is refused when it is written and, should one be in the file anyway (a damaged or edited
/// file), left out of reads with a warning naming it, kept as it is. Long periods and far first ticks are fine:
/// Orleans 10.4 waits for them in steps below the 49.7-day timer limit.
/// </summary>
/// <param name="database">A hold on the database file (shared with grain storage when they name the same path).</param>
/// <param name="logger">Where rows left out of reads are reported (default: nowhere).</param>
public sealed partial class SqliteReminderTable(SqliteDatabase database, ILogger<SqliteReminderTable>? logger = null) : IReminderTable
{
    private readonly ILogger _logger = logger ?? NullLogger<SqliteReminderTable>.Instance;
    private readonly ConcurrentDictionary<(string, string, string, long, long), byte> _reported = new();

    /// <summary>The database this table writes to.</summary>
    public SqliteDatabase Database { get; } = database ?? throw new ArgumentNullException(nameof(database));

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask; // the file made its tables when it opened

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken = default) => Task.CompletedTask; // the hold is given up when the silo's services are disposed

    /// <inheritdoc/>
    public Task<ReminderTableData> ReadRows(GrainId grainId)
    {
        if (grainId.IsDefault)
        {
            return Task.FromException<ReminderTableData>(new ArgumentException("The grain id is the default (empty) id: pass the grain's own id.", nameof(grainId)));
        }

        return ReadMany(
            reader =>
            {
                var command = reader.Command(SqliteStorageSchema.ReadReminders, "$h", "$t", "$k");
                command.Parameters[0].Value = (long)grainId.GetUniformHashCode();
                command.Parameters[1].Value = grainId.Type.ToString();
                command.Parameters[2].Value = grainId.Key.ToString();
                return command;
            },
            $"the reminders of grain '{grainId}'");
    }

    /// <inheritdoc/>
    public Task<ReminderTableData> ReadRows(uint begin, uint end)
        => ReadMany(
            reader =>
            {
                // (begin, end] on the ring; begin >= end wraps around (begin == end is the whole ring).
                var command = begin < end
                    ? reader.Command(SqliteStorageSchema.ReadRemindersInRange, "$b", "$e")
                    : reader.Command(SqliteStorageSchema.ReadRemindersInWrappedRange, "$b", "$e");
                command.Parameters[0].Value = (long)begin;
                command.Parameters[1].Value = (long)end;
                return command;
            },
            string.Create(CultureInfo.InvariantCulture, $"the reminders in hash range (0x{begin:X8}, 0x{end:X8}]"));

    /// <inheritdoc/>
    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        try
        {
            ReminderArguments.CheckKey(grainId, reminderName);
            var entry = Database.Read(reader =>
            {
                var command = reader.Command(SqliteStorageSchema.ReadReminder, "$t", "$k", "$n");
                command.Parameters[0].Value = grainId.Type.ToString();
                command.Parameters[1].Value = grainId.Key.ToString();
                command.Parameters[2].Value = reminderName;
                using var result = command.ExecuteReader();
                return result.Read() ? Runnable(result) : null;
            });
            return Task.FromResult(entry);
        }
        catch (SqliteException ex)
        {
            return Task.FromException<ReminderEntry?>(ReadFailure($"reminder '{reminderName}' of grain '{grainId}'", ex));
        }
        catch (ArgumentException ex)
        {
            return Task.FromException<ReminderEntry?>(ex);
        }
    }

    /// <inheritdoc/>
    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ReminderArguments.CheckKey(entry.GrainId, entry.ReminderName);
        ReminderArguments.CheckSchedule(entry);
        return await Database.EnqueueAsync(SqliteReminderWrite.Upsert(entry));
    }

    /// <inheritdoc/>
    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        ReminderArguments.CheckKey(grainId, reminderName);
        var removed = await Database.EnqueueAsync(SqliteReminderWrite.Remove(grainId, reminderName, eTag));
        return removed is not null;
    }

    /// <inheritdoc/>
    public Task TestOnlyClearTable() => Database.EnqueueAsync(SqliteReminderWrite.ClearAll());

    private Task<ReminderTableData> ReadMany(Func<SqliteReadConnection, SqliteCommand> command, string what)
    {
        try
        {
            var entries = Database.Read(reader =>
            {
                var list = new List<ReminderEntry>();
                using var result = command(reader).ExecuteReader();
                while (result.Read())
                {
                    if (Runnable(result) is { } entry)
                    {
                        list.Add(entry);
                    }
                }

                return new ReminderTableData(list);
            });
            return Task.FromResult(entries);
        }
        catch (SqliteException ex)
        {
            return Task.FromException<ReminderTableData>(ReadFailure(what, ex));
        }
    }

    private OrleansException ReadFailure(string what, SqliteException ex)
        => new($"SQLite could not read {what} from '{Database.FilePath}': {ex.Message} Check that the file is readable and not damaged.", ex);

    private static ReminderEntry ToEntry(SqliteDataReader row)
        => new()
        {
            GrainId = GrainId.Create(GrainType.Create(row.GetString(0)), IdSpan.Create(row.GetString(1))),
            ReminderName = row.GetString(2),
            StartAt = new DateTime(row.GetInt64(3), DateTimeKind.Utc),
            Period = TimeSpan.FromTicks(row.GetInt64(4)),
            ETag = row.GetInt64(5).ToString(CultureInfo.InvariantCulture),
        };

    /// <summary>The row as an entry, or null (and a warning, once per row and content) when the service could not run it.</summary>
    private ReminderEntry? Runnable(SqliteDataReader row)
    {
        var startTicks = row.GetInt64(3);
        var periodTicks = row.GetInt64(4);
        var problem = startTicks is < 0 or > 3155378975999999999 // DateTime.MaxValue.Ticks
            ? string.Create(CultureInfo.InvariantCulture, $"its start time ({startTicks} ticks) is not a date")
            : null;
        var entry = problem is null ? ToEntry(row) : null;
        problem ??= ReminderArguments.ScheduleProblem(entry!);
        if (problem is null)
        {
            return entry;
        }

        var (type, key, name) = (row.GetString(0), row.GetString(1), row.GetString(2));
        if (_reported.TryAdd((type, key, name, startTicks, periodTicks), 0))
        {
            LogRowSkipped(_logger, name, $"{type}/{key}", Database.FilePath, problem);
        }

        return null;
    }

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning,
        Message = "Reminder {ReminderName} of grain {GrainId} in {FilePath} is left out of reminder reads, so it does not fire: {Problem}. Register it again (or remove it); the row is kept as it is")]
    private static partial void LogRowSkipped(ILogger logger, string reminderName, string grainId, string filePath, string problem);
}
