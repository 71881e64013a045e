namespace OrleansHa.Storage;

/// <summary>
/// What one kind of database file holds: it creates or migrates its tables when the file opens, and takes part in
/// each group commit. One instance per open file, used only by the writer thread (and <see cref="Dispose"/> after it).
/// </summary>
internal abstract class SqliteFileSchema : IDisposable
{
    /// <summary>What the file holds, for messages ("grain storage and reminders", "journals").</summary>
    public abstract string Describe { get; }

    /// <summary>When set, SQLite's automatic checkpoint is off and a PASSIVE checkpoint runs beside the writer this often.</summary>
    public virtual TimeSpan? CheckpointInterval => null;

    /// <summary>The clock for <see cref="CheckpointInterval"/>.</summary>
    public virtual TimeProvider Time => TimeProvider.System;

    /// <summary>Runs once on the writer connection (WAL and synchronous already set): creates or migrates the tables.</summary>
    public abstract void Open(SqliteWriterSession session);

    /// <summary>Called inside the batch's transaction after its last write, just before COMMIT.</summary>
    public virtual void BeforeCommit(SqliteWriterSession session)
    {
    }

    /// <summary>Called once the batch's COMMIT returned (the batch is durable), before any caller hears of it.</summary>
    public virtual void AfterCommit()
    {
    }

    /// <summary>Called when the batch's transaction was rolled back whole (it may be run again without a failing write).</summary>
    public virtual void AfterRollback()
    {
    }

    /// <summary>Releases what the schema prepared on the writer connection; the connection closes right after.</summary>
    public virtual void Dispose()
    {
    }
}
