using System.Globalization;

namespace OrleansHa.Storage;

/// <summary>
/// A queued reminder upsert (last writer wins; returns the new ETag), removal (only when the ETag matches; returns
/// the removed ETag, or null when the row was absent or the ETag differed), or clearing of the whole table.
/// </summary>
internal sealed class SqliteReminderWrite : SqliteWriteOperation<string?>
{
    private readonly GrainId _grainId;
    private readonly string _name;
    private readonly ReminderEntry? _entry;
    private readonly string? _removeETag;
    private readonly bool _clearAll;

    private SqliteReminderWrite(GrainId grainId, string name, ReminderEntry? entry, string? removeETag, bool clearAll = false)
    {
        _grainId = grainId;
        _name = name;
        _entry = entry;
        _removeETag = removeETag;
        _clearAll = clearAll;
    }

    public static SqliteReminderWrite Upsert(ReminderEntry entry) => new(entry.GrainId, entry.ReminderName, entry, null);

    public static SqliteReminderWrite Remove(GrainId grainId, string name, string eTag) => new(grainId, name, null, eTag ?? string.Empty);

    public static SqliteReminderWrite ClearAll() => new(default, string.Empty, null, null, clearAll: true);

    public override Exception DescribeFailure(Exception exception, string filePath)
        => new OrleansException(
            _clearAll
                ? $"SQLite could not clear the reminders in '{filePath}': {exception.Message} Nothing was removed. Check file permissions."
                : $"SQLite could not {(_entry is null ? "remove" : "store")} reminder '{_name}' of grain '{_grainId}' in '{filePath}': {exception.Message} Nothing of this write was stored. Check free disk space and file permissions.",
            exception);

    protected override string? Run(SqliteWriterSession session)
    {
        if (_clearAll)
        {
            session.Command(SqliteStorageSchema.DeleteAllReminders).ExecuteNonQuery();
            ((SqliteStorageSchema)session.Schema).NoteDelete();
            return null;
        }

        var type = _grainId.Type.ToString();
        var key = _grainId.Key.ToString();
        if (_entry is null)
        {
            var read = session.Command(SqliteStorageSchema.ReadReminderETag, "$t", "$k", "$n");
            read.Parameters[0].Value = type;
            read.Parameters[1].Value = key;
            read.Parameters[2].Value = _name;
            var stored = read.ExecuteScalar() is long version ? version.ToString(CultureInfo.InvariantCulture) : null;
            if (stored is null || !string.Equals(stored, _removeETag, StringComparison.Ordinal))
            {
                return null;
            }

            var delete = session.Command(SqliteStorageSchema.DeleteReminder, "$t", "$k", "$n");
            delete.Parameters[0].Value = type;
            delete.Parameters[1].Value = key;
            delete.Parameters[2].Value = _name;
            delete.ExecuteNonQuery();
            ((SqliteStorageSchema)session.Schema).NoteDelete();
            return stored;
        }

        var next = ((SqliteStorageSchema)session.Schema).NextVersion();
        var upsert = session.Command(SqliteStorageSchema.UpsertReminder, "$t", "$k", "$n", "$start", "$period", "$e", "$h");
        upsert.Parameters[0].Value = type;
        upsert.Parameters[1].Value = key;
        upsert.Parameters[2].Value = _name;
        upsert.Parameters[3].Value = ReminderArguments.ToUtc(_entry.StartAt).Ticks;
        upsert.Parameters[4].Value = _entry.Period.Ticks;
        upsert.Parameters[5].Value = next;
        upsert.Parameters[6].Value = (long)_grainId.GetUniformHashCode();
        upsert.ExecuteNonQuery();
        return next.ToString(CultureInfo.InvariantCulture);
    }
}
