namespace OrleansHa.Journals;

/// <summary>The tables of the journal file.</summary>
internal sealed partial class SqliteJournalSchema
{
    // Version 1's tables (version 2 adds to them, see Version2). Every statement is IF NOT EXISTS: the same script
    // creates a fresh file and fills in the tables an older (unversioned) journals.db may lack. History rows are
    // appended in id order (a catch-up writes them at the end of the table, not all over it); a small index finds a
    // record's rows. Ids come from the 'history' counter rather than MAX(id), which keeps opening instant; the counter
    // is saved with each group commit.
    private const string Tables = """
        CREATE TABLE IF NOT EXISTS scopes (
            id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, definition TEXT NULL,
            last_sequence INTEGER NOT NULL DEFAULT 0, filtered INTEGER NOT NULL DEFAULT 0, rejected INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS entries (
            scope INTEGER NOT NULL, seq INTEGER NOT NULL, key TEXT NOT NULL, kind INTEGER NOT NULL, ts INTEGER NOT NULL, fields TEXT NULL,
            PRIMARY KEY (scope, seq)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS acks (
            scope INTEGER NOT NULL, receiver TEXT NOT NULL, acked INTEGER NOT NULL, enabled INTEGER NOT NULL,
            rejected INTEGER NOT NULL DEFAULT 0, retries INTEGER NOT NULL DEFAULT 0, last_error TEXT NULL, last_shipped INTEGER NULL,
            PRIMARY KEY (scope, receiver)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS requests (
            scope INTEGER NOT NULL, request_id TEXT NOT NULL, result TEXT NOT NULL, at INTEGER NOT NULL,
            PRIMARY KEY (scope, request_id)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS records (
            scope INTEGER NOT NULL, key TEXT NOT NULL, fields TEXT NOT NULL, ts INTEGER NOT NULL,
            PRIMARY KEY (scope, key)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS history (
            id INTEGER PRIMARY KEY, scope INTEGER NOT NULL, key TEXT NOT NULL, seq INTEGER NULL, kind INTEGER NOT NULL,
            ts INTEGER NOT NULL, fields TEXT NULL, outcome INTEGER NOT NULL, at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS history_by_key ON history (scope, key, id);
        CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
        INSERT INTO counters (name, value) VALUES ('history', 0) ON CONFLICT DO NOTHING;
        CREATE TABLE IF NOT EXISTS marks (
            scope INTEGER NOT NULL, rule TEXT NOT NULL, key TEXT NOT NULL, day TEXT NOT NULL,
            PRIMARY KEY (scope, rule, key, day)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS remote_state (
            scope INTEGER PRIMARY KEY, last_applied INTEGER NOT NULL DEFAULT 0, applied INTEGER NOT NULL DEFAULT 0,
            duplicates INTEGER NOT NULL DEFAULT 0, rejected_puts INTEGER NOT NULL DEFAULT 0, rejected_deletes INTEGER NOT NULL DEFAULT 0,
            gaps INTEGER NOT NULL DEFAULT 0, last_received INTEGER NULL);
        CREATE TABLE IF NOT EXISTS activity (
            id INTEGER PRIMARY KEY, scope INTEGER NOT NULL, at INTEGER NOT NULL, system TEXT NULL, key TEXT NULL,
            first_seq INTEGER NULL, last_seq INTEGER NULL, kind INTEGER NOT NULL, detail TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS activity_by_time ON activity (scope, at);
        CREATE INDEX IF NOT EXISTS activity_by_key ON activity (scope, key, at) WHERE key IS NOT NULL;
        """;

    // Version 2 (roles), added to version 1's tables in place (ADD COLUMN with a constant default rewrites nothing).
    // scopes.epoch: what appends stamp on entries. role_*: the last role change (1 adopted a replica, 2 became a replica),
    // its epoch, the replica it named and the sequence it answered, so a repeat at that epoch is recognised and answered
    // alike. divergence: entries a former production appended but never shipped; state 0 open, 1 re-applied, 2 discarded.
    private const string Version2 = """
        ALTER TABLE scopes ADD COLUMN epoch INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE scopes ADD COLUMN role_epoch INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE scopes ADD COLUMN role_kind INTEGER NULL;
        ALTER TABLE scopes ADD COLUMN role_scope TEXT NULL;
        ALTER TABLE scopes ADD COLUMN role_fence INTEGER NULL;
        ALTER TABLE entries ADD COLUMN epoch INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE IF NOT EXISTS divergence (
            id INTEGER PRIMARY KEY, scope INTEGER NOT NULL, seq INTEGER NOT NULL, epoch INTEGER NOT NULL, key TEXT NOT NULL,
            kind INTEGER NOT NULL, ts INTEGER NOT NULL, fields TEXT NULL, listed_at INTEGER NOT NULL, state INTEGER NOT NULL DEFAULT 0,
            closed_at INTEGER NULL, closed_by TEXT NULL);
        CREATE INDEX IF NOT EXISTS divergence_open ON divergence (scope, epoch, seq) WHERE state = 0;
        CREATE INDEX IF NOT EXISTS divergence_open_by_key ON divergence (scope, key, epoch, seq) WHERE state = 0;
        """;

    // Before version 1 history was clustered by record (WITHOUT ROWID, primary key (scope, key, id)); it becomes the
    // append-ordered table above, ids kept.
    private const string RenameClusteredHistory = """
        DROP INDEX IF EXISTS history_by_key;
        ALTER TABLE history RENAME TO history_v0;
        """;

    private const string CopyClusteredHistory = """
        INSERT INTO history (id, scope, key, seq, kind, ts, fields, outcome, at)
            SELECT id, scope, key, seq, kind, ts, fields, outcome, at FROM history_v0 ORDER BY id;
        DROP TABLE history_v0;
        """;

    // A file from before the counter existed (or whose counter lags its rows) must never hand out an id it holds.
    private const string RaiseHistoryCounter = """
        UPDATE counters SET value = max(value, coalesce((SELECT max(id) FROM history), 0)) WHERE name = 'history';
        """;

    private const string ReadVersion = "SELECT value FROM counters WHERE name = 'schema';";

    private const string WriteVersion = "INSERT INTO counters (name, value) VALUES ('schema', $0) ON CONFLICT (name) DO UPDATE SET value = excluded.value;";

    private const string ReadHistoryCounter = "SELECT value FROM counters WHERE name = 'history';";

    private const string WriteHistoryCounter = "UPDATE counters SET value = ?1 WHERE name = 'history';";
}
