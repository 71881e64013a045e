using System.Globalization;
using Microsoft.Data.Sqlite;
using Orleans.Runtime;
using OrleansHa.Runtime.Reminders;

namespace OrleansHa.Storage;

/// <summary>
/// Durable reminders in the silo's SQLite file: one row per (grain, reminder name), times as UTC ticks,
/// ETag a version number. Upserts and removals share the group commits of <see cref="SqliteDatabase"/>.
/// </summary>
/// <param name="database">The silo's database file, shared with the grain storage.</param>
public sealed class SqliteReminderTable(SqliteDatabase database) : IReminderTable
{
    /// <summary>The database this table writes to.</summary>
    public SqliteDatabase Database { get; } = database ?? throw new ArgumentNullException(nameof(database));

    /// <inheritdoc/>
    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask; // the database made its tables when it opened

    /// <inheritdoc/>
    public Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken)
        => ReadMany(reader => reader.ReadAllReminders, "all reminders");

    /// <inheritdoc/>
    public Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        if (grainId.IsDefault)
        {
            return Task.FromException<IReadOnlyList<ReminderEntry>>(new ArgumentException("The grain id is the default (empty) id: pass the grain's own id.", nameof(grainId)));
        }

        return ReadMany(
            reader =>
            {
                var command = reader.ReadReminders;
                command.Parameters[0].Value = grainId.Type.ToString();
                command.Parameters[1].Value = grainId.Key.ToString();
                return command;
            },
            $"the reminders of grain '{grainId}'");
    }

    /// <inheritdoc/>
    public Task<ReminderEntry?> ReadRowAsync(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        try
        {
            ReminderArguments.CheckKey(grainId, reminderName);
            var entry = Database.Read(reader =>
            {
                var command = reader.ReadReminder;
                command.Parameters[0].Value = grainId.Type.ToString();
                command.Parameters[1].Value = grainId.Key.ToString();
                command.Parameters[2].Value = reminderName;
                using var result = command.ExecuteReader();
                return result.Read() ? ToEntry(result) : null;
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
    public async Task<string> UpsertRowAsync(ReminderEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ReminderArguments.CheckKey(entry.GrainId, entry.ReminderName);
        var eTag = await Database.EnqueueAsync(SqliteReminderWrite.Upsert(entry));
        return eTag!;
    }

    /// <inheritdoc/>
    public async Task<bool> RemoveRowAsync(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken)
    {
        ReminderArguments.CheckKey(grainId, reminderName);
        var removed = await Database.EnqueueAsync(SqliteReminderWrite.Remove(grainId, reminderName, eTag));
        return removed is not null;
    }

    private Task<IReadOnlyList<ReminderEntry>> ReadMany(Func<SqliteReadConnection, SqliteCommand> command, string what)
    {
        try
        {
            var entries = Database.Read<IReadOnlyList<ReminderEntry>>(reader =>
            {
                var list = new List<ReminderEntry>();
                using var result = command(reader).ExecuteReader();
                while (result.Read())
                {
                    list.Add(ToEntry(result));
                }

                return list;
            });
            return Task.FromResult(entries);
        }
        catch (SqliteException ex)
        {
            return Task.FromException<IReadOnlyList<ReminderEntry>>(ReadFailure(what, ex));
        }
    }

    private OrleansException ReadFailure(string what, SqliteException ex)
        => new($"SQLite could not read {what} from '{Database.FilePath}': {ex.Message} Check that the file is readable and not damaged.", ex);

    private static ReminderEntry ToEntry(SqliteDataReader row)
        => new(
            GrainId.Create(GrainType.Create(row.GetString(0)), IdSpan.Create(row.GetString(1))),
            row.GetString(2),
            new DateTime(row.GetInt64(3), DateTimeKind.Utc),
            TimeSpan.FromTicks(row.GetInt64(4)),
            row.IsDBNull(5) ? null : new DateTime(row.GetInt64(5), DateTimeKind.Utc),
            row.GetInt64(6).ToString(CultureInfo.InvariantCulture));
}
