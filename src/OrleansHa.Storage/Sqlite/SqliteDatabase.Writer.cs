using Microsoft.Data.Sqlite;
using Orleans.Runtime;
using Orleans.Storage;

namespace OrleansHa.Storage;

/// <summary>The group-commit writer loop.</summary>
public sealed partial class SqliteDatabase
{
    // Order of events for one batch, which the durability promise rests on:
    //   1. take every queued write (up to MaxBatchSize) — whatever arrived while the last commit was syncing;
    //   2. BEGIN IMMEDIATE; run each write: an ETag conflict or a failing statement fails only that write
    //      (its own statement is undone by SQLite; nothing else of the write ran);
    //   3. if SQLite dropped the whole transaction (e.g. disk full), run the batch again without the culprit;
    //   4. COMMIT, which with synchronous=FULL returns only after the WAL is fsynced;
    //   5. only then complete the callers: successes get their ETag, failures their exception.
    private void WriterLoop()
    {
        var reader = _queue.Reader;
        var batch = new List<SqliteWriteOperation>(Math.Min(_options.MaxBatchSize, 1024));
        while (true)
        {
            _writerGate.Wait();
            while (batch.Count < _options.MaxBatchSize && reader.TryRead(out var operation))
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
    internal IDisposable PauseWriter()
    {
        _writerGate.Reset();
        return new Resume(_writerGate);
    }

    private void ExecuteBatch(List<SqliteWriteOperation> batch)
    {
        var pending = batch;
        while (true)
        {
            List<SqliteWriteOperation>? retry = null;
            try
            {
                _writer.Begin();
            }
            catch (SqliteException ex)
            {
                FailAll(pending, ex);
                return;
            }

            for (var i = 0; i < pending.Count; i++)
            {
                var operation = pending[i];
                try
                {
                    operation.Execute(_writer);
                }
                catch (InconsistentStateException ex)
                {
                    operation.SetFailure(ex);
                }
                catch (Exception ex)
                {
                    operation.SetFailure(operation.DescribeFailure(ex, FilePath));
                    if (_writer.TransactionLost)
                    {
                        // Everything before this write was rolled back with it: run the rest again, without it.
                        operation.Deliver();
                        retry = [.. pending.Where((op, index) => index != i)];
                        break;
                    }
                }
            }

            if (retry is not null)
            {
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
                _writer.Commit();
            }
            catch (SqliteException ex)
            {
                _writer.RollbackQuietly();
                FailAll(pending, ex);
                return;
            }

            Interlocked.Increment(ref _batchesCommitted);
            foreach (var operation in pending)
            {
                operation.Deliver();
            }

            return;
        }
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
