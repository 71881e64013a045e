using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using OrleansHa.Storage;

namespace OrleansHa.Journals;

/// <summary>
/// The journal file as a kind of Storage's SQLite file: its tables, their creation and migration, and what the journal
/// writes share across a group commit — the history id counter, the scope ids, and raw prepared statements for the
/// per-entry hot paths. One instance per open file, so every journal store in the process writing to the file (two
/// silos of one test cluster) shares one counter and one writer. Everything but <see cref="ScopeIds"/> is used on the
/// writer thread only.
/// </summary>
/// <remarks>
/// Version 0: files from before the journal store wrote through Storage's writer, unversioned; the oldest lack the
/// counters table, later ones kept history clustered by record. Version 1: the tables in <see cref="Tables"/>, the
/// version in <c>counters</c> under <c>schema</c>. Version 2: roles — each scope's epoch and last role change, each
/// entry's epoch, and the divergence list (<see cref="Version2"/>, columns added in place, so an existing file opens in
/// an instant and keeps its rows; entries from before carry epoch 0). Changing the tables means a new
/// <see cref="Version"/> and a step in <see cref="Open"/>; every step runs in one transaction.
/// </remarks>
internal sealed partial class SqliteJournalSchema(TimeProvider time, TimeSpan checkpointInterval) : SqliteFileSchema
{
    public const long Version = 2;

    private readonly Dictionary<string, RawStatement> _raw = new(StringComparer.Ordinal);
    private readonly List<KeyValuePair<string, long>> _pendingScopes = [];
    private SqliteWriterSession? _session;
    private long _historyId;
    private long _historyIdSaved;

    public override string Describe => "journals";

    public override TimeSpan? CheckpointInterval => checkpointInterval;

    public override TimeProvider Time => time;

    /// <summary>Scope ids whose rows are committed (scopes are never deleted, so an id once committed never changes).</summary>
    public ConcurrentDictionary<string, long> ScopeIds { get; } = new(StringComparer.Ordinal);

    /// <summary>The writer connection (writer thread only).</summary>
    public SqliteWriterSession Session => _session ?? throw new InvalidOperationException("The journal file is not open.");

    public override void Open(SqliteWriterSession session)
    {
        _session = session;

        // "Answers only once durable" rests on WAL (checked by the session) and synchronous=FULL.
        if (session.Synchronous != 2)
        {
            throw new OrleansException(
                $"The journal database '{session.Connection.DataSource}' runs with synchronous={session.Synchronous}; journals need FULL (2), so open it with Durable = true.");
        }

        session.Execute("PRAGMA cache_size = -131072;");
        var hasScopes = session.Scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'scopes';") is 1L;
        var hasCounters = session.Scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'counters';") is 1L;
        long? version = !hasScopes ? null : hasCounters ? session.Scalar(ReadVersion) as long? ?? 0 : 0;
        switch (version)
        {
            case null:
            case 1:
                // A new file, or one of version 1: the version 1 tables (all there already in the latter), then version 2's.
                InTransaction(session, () =>
                {
                    session.Execute(Tables);
                    UpgradeToVersion2(session);
                });
                break;
            case 0:
                InTransaction(session, () =>
                {
                    Migrate(session);
                    UpgradeToVersion2(session);
                });
                break;
            case Version:
                break;
            default:
                throw new OrleansException(
                    $"The journal database '{session.Connection.DataSource}' has schema version {version}; this build reads versions 0 to {Version}. Use the build that wrote it, or point Journals:DataDirectory at another folder.");
        }

        _historyId = (long)session.Scalar(ReadHistoryCounter)!;
        _historyIdSaved = _historyId;
    }

    /// <summary>The next history row id; unique in the file whichever store writes the row.</summary>
    public long NextHistoryId() => ++_historyId;

    /// <summary>A raw prepared statement on the writer connection, cached by its text; parameters ?1, ?2, ...</summary>
    public RawStatement Raw(string sql)
    {
        if (!_raw.TryGetValue(sql, out var statement))
        {
            statement = new RawStatement(Session.Connection.Handle!, sql);
            _raw.Add(sql, statement);
        }

        return statement;
    }

    /// <summary>The id of a scope, created when missing (in the current write; cached once its batch commits).</summary>
    public long ScopeIdForWrite(string name)
    {
        if (ScopeIds.TryGetValue(name, out var id))
        {
            return id;
        }

        foreach (var (pending, pendingId) in _pendingScopes)
        {
            if (pending == name)
            {
                return pendingId;
            }
        }

        Session.Positional("INSERT INTO scopes (name) VALUES ($0) ON CONFLICT (name) DO NOTHING", name).ExecuteNonQuery();
        id = (long)Session.Positional("SELECT id FROM scopes WHERE name = $0", name).ExecuteScalar()!;
        _pendingScopes.Add(new(name, id));
        return id;
    }

    /// <summary>How many scope ids the batch has looked up or created so far (see <see cref="ForgetScopesAfter"/>).</summary>
    public int PendingScopeCount => _pendingScopes.Count;

    /// <summary>A write failed and was rolled back to its savepoint: the scopes it created are gone with it.</summary>
    public void ForgetScopesAfter(int count) => _pendingScopes.RemoveRange(count, _pendingScopes.Count - count);

    public override void BeforeCommit(SqliteWriterSession session)
    {
        if (_historyId != _historyIdSaved)
        {
            Raw(WriteHistoryCounter).Bind(1, _historyId).Execute();
        }
    }

    public override void AfterCommit()
    {
        _historyIdSaved = _historyId;
        foreach (var (name, id) in _pendingScopes)
        {
            ScopeIds.TryAdd(name, id);
        }

        _pendingScopes.Clear();
    }

    public override void AfterRollback()
    {
        // Ids handed out in the rolled-back batch are skipped, never reused; the scopes it created are gone.
        _pendingScopes.Clear();
    }

    public override void Dispose()
    {
        foreach (var statement in _raw.Values)
        {
            statement.Dispose();
        }

        _raw.Clear();
    }

    /// <summary>Version 0 to 1: add the tables an old file lacks, rebuild clustered history, raise the counter.</summary>
    private static void Migrate(SqliteWriterSession session)
    {
        var historySql = session.Scalar("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'history';") as string;
        var clustered = historySql is not null && historySql.Contains("WITHOUT ROWID", StringComparison.OrdinalIgnoreCase);
        if (clustered)
        {
            session.Execute(RenameClusteredHistory);
        }

        session.Execute(Tables);
        if (clustered)
        {
            session.Execute(CopyClusteredHistory);
        }

        session.Execute(RaiseHistoryCounter);
    }

    /// <summary>Version 1 to 2: epochs on scopes and entries, the last role change on scopes, the divergence list; stamps the version.</summary>
    private static void UpgradeToVersion2(SqliteWriterSession session)
    {
        session.Execute(Version2);
        SetVersion(session);
    }

    private static void SetVersion(SqliteWriterSession session)
    {
        using var command = session.Connection.CreateCommand();
        command.CommandText = WriteVersion;
        command.Parameters.AddWithValue("$0", Version);
        command.ExecuteNonQuery();
    }

    private static void InTransaction(SqliteWriterSession session, Action work)
    {
        session.Begin();
        try
        {
            work();
            session.Commit();
        }
        catch (Exception ex) when (ex is SqliteException or OrleansException)
        {
            session.RollbackQuietly();
            throw;
        }
    }
}
