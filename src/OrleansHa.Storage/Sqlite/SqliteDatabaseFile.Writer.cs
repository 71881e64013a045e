using Microsoft.Data.Sqlite;

namespace OrleansHa.Storage;

/// <summary>The group-commit writer loop.</summary>
internal sealed partial class SqliteDatabaseFile
{
    // Order of events for one batch, which the durability promise rests on:
    //   1. take every queued write (up to MaxBatchSize) — whatever arrived while the last commit was syncing;
    //   2. BEGIN IMMEDIATE; run each write in its own savepoint: a write that throws (an ETag conflict, a failing
    //      statement, a refused journal append) is rolled back to its savepoint and fails alone;
    //   3. if SQLite dropped the whole transaction (e.g. disk full), run the batch again without the culprit;
    //   4. let the schema add its bookkeeping (ETag high-water mark, journal counters), then COMMIT, which with
    //      synchronous=FULL returns only after the WAL is fsynced;
    //   5. only then complete the callers: successes get their result, failures their exception.
    private void WriterLoop()
    {
        var reader = _queue.Reader;
        var batch = new List<SqliteWriteOperation>(Math.Min(Options.MaxBatchSize, 1024));
        while (true)
        {
            _writerGate.Wait();
            while (batch.Count < Options.MaxBatchSize && reader.TryRead(out var operation))
            {
                batch.Add(operation);
            }

            if (batch.Count > 0)
            {
                try
                {
                    ExecuteBatch(batch);
                }
                catch (Exception ex)
                {
                    // A bug here must not leave callers waiting forever or stop the writer.
                    _writer.RollbackQuietly();
                    Schema.AfterRollback();
                    FailAll(batch, ex);
                }

                batch.Clear();
                continue;
            }

            var wait = reader.WaitToReadAsync();
            var more = wait.IsCompletedSuccessfully ? wait.Result : wait.AsTask().GetAwaiter().GetResult();
            if (!more)
            {
                return;
            }
        }
    }

    /// <summary>Holds the writer before it takes its next batch, so a test can queue writes into one batch.</summary>
    public IDisposable PauseWriter()
    {
        _writerGate.Reset();
        return new Resume(_writerGate);
    }

    private void ExecuteBatch(List<SqliteWriteOperation> batch)
    {
        var pending = batch;
        while (true)
        {
            try
            {
                _writer.Begin();
            }
            catch (SqliteException ex)
            {
                FailAll(pending, ex);
                return;
            }

            var retry = RunWrites(pending);
            if (retry is not null)
            {
                Schema.AfterRollback();
                foreach (var operation in retry)
                {
                    operation.Reset();
                }

                LogBatchRetried(_logger, FilePath, retry.Count);
                pending = retry;
                continue;
            }

            try
            {
                Schema.BeforeCommit(_writer);
                _writer.Commit();
            }
            catch (SqliteException ex)
            {
                _writer.RollbackQuietly();
                Schema.AfterRollback();
                FailAll(pending, ex);
                return;
            }

            Interlocked.Increment(ref _batchesCommitted);
            Schema.AfterCommit();
            foreach (var operation in pending)
            {
                operation.Deliver();
            }

            return;
        }
    }

    /// <summary>Runs each write in its own savepoint; returns the writes to run again when SQLite dropped the transaction.</summary>
    private List<SqliteWriteOperation>? RunWrites(List<SqliteWriteOperation> pending)
    {
        for (var i = 0; i < pending.Count; i++)
        {
            var operation = pending[i];
            _writer.Savepoint();
            try
            {
                operation.Execute(_writer);
                _writer.ReleaseSavepoint();
            }
            catch (Exception ex)
            {
                operation.SetFailure(operation.DescribeFailure(ex, FilePath));
                if (_writer.TransactionLost)
                {
                    // Everything before this write was rolled back with it: run the rest again, without it.
                    operation.Deliver();
                    return [.. pending.Where((_, index) => index != i)];
                }

                _writer.RollbackSavepoint();
            }
        }

        return null;
    }

    private void FailAll(List<SqliteWriteOperation> operations, Exception ex)
    {
        LogCommitFailed(_logger, ex, operations.Count, FilePath);
        foreach (var operation in operations)
        {
            operation.SetFailure(new OrleansException(
                $"SQLite could not commit writes to '{FilePath}': {ex.Message} Nothing of this write was stored. Check free disk space, file permissions, and that no other process holds the database.",
                ex));
            operation.Deliver();
        }
    }

    private sealed class Resume(ManualResetEventSlim gate) : IDisposable
    {
        public void Dispose() => gate.Set();
    }
}
