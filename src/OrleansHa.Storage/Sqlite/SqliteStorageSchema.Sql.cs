namespace OrleansHa.Storage;

/// <summary>The statements of the grain-storage and reminder file.</summary>
internal sealed partial class SqliteStorageSchema
{
    // grain_state keeps a rowid table (payloads may be large, which WITHOUT ROWID tables store badly);
    // the unique index is the lookup key. meta holds the schema version and the ETag high-water mark.
    public const string Create = $"""
        BEGIN IMMEDIATE;
        CREATE TABLE meta (
            key TEXT NOT NULL PRIMARY KEY,
            value INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE grain_state (
            state_name TEXT NOT NULL,
            grain_id TEXT NOT NULL,
            etag INTEGER NOT NULL,
            payload BLOB NOT NULL
        );
        CREATE UNIQUE INDEX grain_state_key ON grain_state (state_name, grain_id);
        CREATE TABLE reminders (
            grain_type TEXT NOT NULL,
            grain_key TEXT NOT NULL,
            reminder_name TEXT NOT NULL,
            start_at INTEGER NOT NULL,
            period INTEGER NOT NULL,
            etag INTEGER NOT NULL,
            grain_hash INTEGER NOT NULL,
            PRIMARY KEY (grain_type, grain_key, reminder_name)
        ) WITHOUT ROWID;
        {CreateHashIndex}
        INSERT INTO meta (key, value) VALUES ('schema', 2);
        INSERT INTO meta (key, value) VALUES ('etag_high_water', 0);
        COMMIT;
        """;

    public const string CreateHashIndex = "CREATE INDEX reminders_by_hash ON reminders (grain_hash);";

    public const string ReadSchemaVersion = "SELECT value FROM meta WHERE key = 'schema';";

    public const string ReadHighestVersion = """
        SELECT max(
            (SELECT value FROM meta WHERE key = 'etag_high_water'),
            coalesce((SELECT max(etag) FROM grain_state), 0),
            coalesce((SELECT max(etag) FROM reminders), 0));
        """;

    public const string WriteHighWater = "UPDATE meta SET value = $v WHERE key = 'etag_high_water';";

    public const string ReadStateETag = "SELECT etag FROM grain_state WHERE state_name = $s AND grain_id = $g;";

    public const string ReadState = "SELECT etag, payload FROM grain_state WHERE state_name = $s AND grain_id = $g;";

    public const string UpsertState = """
        INSERT INTO grain_state (state_name, grain_id, etag, payload) VALUES ($s, $g, $e, $p)
        ON CONFLICT (state_name, grain_id) DO UPDATE SET etag = excluded.etag, payload = excluded.payload;
        """;

    public const string DeleteState = "DELETE FROM grain_state WHERE state_name = $s AND grain_id = $g;";

    private const string ReminderColumns = "grain_type, grain_key, reminder_name, start_at, period, etag";

    public const string ReadReminder =
        $"SELECT {ReminderColumns} FROM reminders WHERE grain_type = $t AND grain_key = $k AND reminder_name = $n;";

    public const string ReadReminders =
        $"SELECT {ReminderColumns} FROM reminders WHERE grain_hash = $h AND grain_type = $t AND grain_key = $k ORDER BY reminder_name;";

    // Orleans' ring ranges: (begin, end], wrapping past uint.MaxValue when begin >= end (begin == end is the whole ring).
    public const string ReadRemindersInRange =
        $"SELECT {ReminderColumns} FROM reminders WHERE grain_hash > $b AND grain_hash <= $e;";

    public const string ReadRemindersInWrappedRange =
        $"SELECT {ReminderColumns} FROM reminders WHERE grain_hash > $b OR grain_hash <= $e;";

    public const string ReadReminderETag =
        "SELECT etag FROM reminders WHERE grain_type = $t AND grain_key = $k AND reminder_name = $n;";

    public const string UpsertReminder = """
        INSERT INTO reminders (grain_type, grain_key, reminder_name, start_at, period, etag, grain_hash)
        VALUES ($t, $k, $n, $start, $period, $e, $h)
        ON CONFLICT (grain_type, grain_key, reminder_name) DO UPDATE SET
            start_at = excluded.start_at, period = excluded.period, etag = excluded.etag, grain_hash = excluded.grain_hash;
        """;

    public const string DeleteReminder = "DELETE FROM reminders WHERE grain_type = $t AND grain_key = $k AND reminder_name = $n;";

    public const string DeleteAllReminders = "DELETE FROM reminders;";
}
