namespace OrleansHa.Journals;

/// <summary>
/// The tables of the shared journal database: the SQLite store's shape in PostgreSQL types. Ticks stay bigint (UTC
/// ticks, as the SQLite store keeps them), record fields stay JSON text written by <see cref="FieldsJson"/>, and names
/// and keys sort with the "C" collation, so ordered listings are the same whatever the database's locale.
/// </summary>
/// <remarks>
/// Version 1: these tables, the version in <c>journal_schema</c>. Version 2 (roles): each scope's epoch and last role
/// change, each entry's epoch, and the divergence list; the columns are added in place (a constant default rewrites no
/// row), so a version 1 database migrates in an instant and keeps its data (entries from before carry epoch 0).
/// Every statement is IF NOT EXISTS, and the script runs
/// under a transaction-scoped advisory lock, so silos starting together create the tables once and never see half of
/// them. Changing the tables means a new <see cref="Version"/> and a step in <see cref="PostgresJournalStore"/>'s migration.
/// History and activity ids come from identity columns; rows of one scope are written under that scope's row lock, so
/// their ids follow the scope's order. BRIN indexes on the append-ordered times keep the prune a range scan.
/// </remarks>
internal static class PostgresJournalSchema
{
    public const long Version = 2;

    /// <summary>The advisory lock key the migration holds ("ORLEANSHA_JOURNALS" folded into 64 bits, fixed forever).</summary>
    public const long MigrationLock = 0x4F484A4E4C53_01;

    public const string Tables = """
        CREATE TABLE IF NOT EXISTS journal_schema (
            id integer PRIMARY KEY CHECK (id = 1), version bigint NOT NULL);
        CREATE TABLE IF NOT EXISTS scopes (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text COLLATE "C" NOT NULL UNIQUE, definition text NULL,
            last_sequence bigint NOT NULL DEFAULT 0, filtered bigint NOT NULL DEFAULT 0, rejected bigint NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS entries (
            scope bigint NOT NULL, seq bigint NOT NULL, key text NOT NULL, kind smallint NOT NULL, ts bigint NOT NULL, fields text NULL,
            PRIMARY KEY (scope, seq));
        CREATE TABLE IF NOT EXISTS acks (
            scope bigint NOT NULL, receiver text COLLATE "C" NOT NULL, acked bigint NOT NULL, enabled boolean NOT NULL,
            rejected bigint NOT NULL DEFAULT 0, retries bigint NOT NULL DEFAULT 0, last_error text NULL, last_shipped bigint NULL,
            PRIMARY KEY (scope, receiver));
        CREATE TABLE IF NOT EXISTS requests (
            scope bigint NOT NULL, request_id text NOT NULL, result text NOT NULL, at bigint NOT NULL,
            PRIMARY KEY (scope, request_id));
        CREATE INDEX IF NOT EXISTS requests_by_time ON requests USING brin (at);
        CREATE TABLE IF NOT EXISTS records (
            scope bigint NOT NULL, key text COLLATE "C" NOT NULL, fields text NOT NULL, ts bigint NOT NULL,
            PRIMARY KEY (scope, key));
        CREATE TABLE IF NOT EXISTS history (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, scope bigint NOT NULL, key text NOT NULL, seq bigint NULL,
            kind smallint NOT NULL, ts bigint NOT NULL, fields text NULL, outcome smallint NOT NULL, at bigint NOT NULL);
        CREATE INDEX IF NOT EXISTS history_by_key ON history (scope, key, id);
        CREATE INDEX IF NOT EXISTS history_by_time ON history USING brin (at);
        CREATE TABLE IF NOT EXISTS marks (
            scope bigint NOT NULL, rule text NOT NULL, key text NOT NULL, day text NOT NULL,
            PRIMARY KEY (scope, rule, key, day));
        CREATE TABLE IF NOT EXISTS remote_state (
            scope bigint PRIMARY KEY, last_applied bigint NOT NULL DEFAULT 0, applied bigint NOT NULL DEFAULT 0,
            duplicates bigint NOT NULL DEFAULT 0, rejected_puts bigint NOT NULL DEFAULT 0, rejected_deletes bigint NOT NULL DEFAULT 0,
            gaps bigint NOT NULL DEFAULT 0, last_received bigint NULL);
        CREATE TABLE IF NOT EXISTS activity (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, scope bigint NOT NULL, at bigint NOT NULL, system text NULL,
            key text NULL, first_seq bigint NULL, last_seq bigint NULL, kind smallint NOT NULL, detail text NOT NULL);
        CREATE INDEX IF NOT EXISTS activity_by_time ON activity (scope, at);
        CREATE INDEX IF NOT EXISTS activity_by_key ON activity (scope, key, at) WHERE key IS NOT NULL;
        CREATE INDEX IF NOT EXISTS activity_for_prune ON activity USING brin (at);
        ALTER TABLE scopes ADD COLUMN IF NOT EXISTS epoch bigint NOT NULL DEFAULT 0;
        ALTER TABLE scopes ADD COLUMN IF NOT EXISTS role_epoch bigint NOT NULL DEFAULT 0;
        ALTER TABLE scopes ADD COLUMN IF NOT EXISTS role_kind smallint NULL;
        ALTER TABLE scopes ADD COLUMN IF NOT EXISTS role_scope text NULL;
        ALTER TABLE scopes ADD COLUMN IF NOT EXISTS role_fence bigint NULL;
        ALTER TABLE entries ADD COLUMN IF NOT EXISTS epoch bigint NOT NULL DEFAULT 0;
        CREATE TABLE IF NOT EXISTS divergence (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, scope bigint NOT NULL, seq bigint NOT NULL, epoch bigint NOT NULL,
            key text COLLATE "C" NOT NULL, kind smallint NOT NULL, ts bigint NOT NULL, fields text NULL, listed_at bigint NOT NULL,
            state smallint NOT NULL DEFAULT 0, closed_at bigint NULL, closed_by text NULL);
        CREATE INDEX IF NOT EXISTS divergence_open ON divergence (scope, epoch, seq) WHERE state = 0;
        CREATE INDEX IF NOT EXISTS divergence_open_by_key ON divergence (scope, key, epoch, seq) WHERE state = 0;
        """;

    public const string ReadVersion = "SELECT version FROM journal_schema WHERE id = 1";

    public const string WriteVersion = "INSERT INTO journal_schema (id, version) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET version = excluded.version";

    public const string HasVersionTable = "SELECT to_regclass('journal_schema') IS NOT NULL";
}
