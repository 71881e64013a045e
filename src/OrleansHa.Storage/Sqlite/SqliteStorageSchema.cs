
namespace OrleansHa.Storage;

/// <summary>
/// The tables of the grain-storage and reminder file, their creation and migration, and the file's ETag counter.
/// Changing the tables means a new <see cref="Version"/> and a step in <see cref="Migrate"/>.
/// </summary>
/// <remarks>
/// Version 1 (our own runtime): reminders keyed by grain type and key, with a last-fired time.
/// Version 2 (Orleans): reminders also carry <c>grain_hash</c> (<see cref="GrainId.GetUniformHashCode"/>), indexed,
/// which Orleans' reminder service reads by ranges of; the last-fired time is gone (Orleans does not keep one).
/// </remarks>
internal sealed partial class SqliteStorageSchema : SqliteFileSchema
{
    public const long Version = 2;

    private long _lastVersion;
    private bool _deletedInBatch;

    public override string Describe => "grain storage and reminders";

    public override void Open(SqliteWriterSession session)
    {
        var hasMeta = session.Scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta';") is 1L;
        var version = hasMeta ? session.Scalar(ReadSchemaVersion) as long? : null;
        switch (version)
        {
            case null:
                session.Execute(Create);
                break;
            case 1:
                Migrate(session);
                break;
            case Version:
                break;
            default:
                throw new OrleansException(
                    $"The database '{session.Connection.DataSource}' has schema version {version}; this build reads versions 1 and {Version}. Use the build that wrote it, or point SqliteStorageOptions at another file.");
        }

        _lastVersion = (long)session.Scalar(ReadHighestVersion)!;
    }

    /// <summary>The next ETag version; unique in the file, never reused even after a delete.</summary>
    public long NextVersion() => ++_lastVersion;

    /// <summary>Notes a delete in this batch, so the commit records the high-water mark the deleted row took with it.</summary>
    public void NoteDelete() => _deletedInBatch = true;

    public override void BeforeCommit(SqliteWriterSession session)
    {
        if (_deletedInBatch)
        {
            var write = session.Command(WriteHighWater, "$v");
            write.Parameters[0].Value = _lastVersion;
            write.ExecuteNonQuery();
        }
    }

    public override void AfterCommit() => _deletedInBatch = false;

    public override void AfterRollback()
    {
        // Versions handed out in the rolled-back batch are simply skipped (never reused, never stored).
        _deletedInBatch = false;
    }

    /// <summary>Version 1 to 2, in one transaction: add and fill the hash column, index it, drop last_fired.</summary>
    private static void Migrate(SqliteWriterSession session)
    {
        session.Begin();
        try
        {
            session.Execute("ALTER TABLE reminders ADD COLUMN grain_hash INTEGER NOT NULL DEFAULT 0;");
            var keys = new List<(string Type, string Key)>();
            using (var select = session.Connection.CreateCommand())
            {
                select.CommandText = "SELECT DISTINCT grain_type, grain_key FROM reminders;";
                using var rows = select.ExecuteReader();
                while (rows.Read())
                {
                    keys.Add((rows.GetString(0), rows.GetString(1)));
                }
            }

            using (var update = session.Connection.CreateCommand())
            {
                update.CommandText = "UPDATE reminders SET grain_hash = $h WHERE grain_type = $t AND grain_key = $k;";
                var hash = update.Parameters.Add("$h", Microsoft.Data.Sqlite.SqliteType.Integer);
                var type = update.Parameters.Add("$t", Microsoft.Data.Sqlite.SqliteType.Text);
                var key = update.Parameters.Add("$k", Microsoft.Data.Sqlite.SqliteType.Text);
                foreach (var (grainType, grainKey) in keys)
                {
                    hash.Value = (long)HashOf(grainType, grainKey);
                    type.Value = grainType;
                    key.Value = grainKey;
                    update.ExecuteNonQuery();
                }
            }

            session.Execute("ALTER TABLE reminders DROP COLUMN last_fired;");
            session.Execute(CreateHashIndex);
            session.Execute("UPDATE meta SET value = 2 WHERE key = 'schema';");
            session.Commit();
        }
        catch
        {
            session.RollbackQuietly();
            throw;
        }
    }

    /// <summary>The uniform hash Orleans places a grain on the ring by, from the stored type and key.</summary>
    public static uint HashOf(string grainType, string grainKey)
        => GrainId.Create(GrainType.Create(grainType), IdSpan.Create(grainKey)).GetUniformHashCode();
}
