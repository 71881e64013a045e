using Microsoft.Data.Sqlite;

namespace OrleansHa.Grains.Journals;

/// <summary>
/// The writer thread and group commit. Order of events for a write: it is queued; the writer takes it with every write
/// queued meanwhile (up to MaxGroupSize); each runs in its own savepoint of one transaction; the transaction commits
/// (one fsync for the group); only then are the writes' tasks completed. Scope ids created by a group are cached only
/// after its commit.
/// </summary>
public sealed partial class SqliteJournalStore
{
    /// <summary>Queues a write for the writer thread; completes after the group's commit.</summary>
    private Task<T> WriteAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var item = new WriteItem(() => work());
        try
        {
            _queue.Add(item, CancellationToken.None);
        }
        catch (InvalidOperationException e)
        {
            throw new ObjectDisposedException($"The journal store ({_options.DatabasePath}) is closed.", e);
        }

        return Continue(item.Done.Task);

        static async Task<T> Continue(Task<object?> done) => (T)(await done)!;
    }

    private void WriterLoop()
    {
        var group = new List<WriteItem>();
        foreach (var first in _queue.GetConsumingEnumerable())
        {
            group.Add(first);
            while (group.Count < _options.MaxGroupSize && _queue.TryTake(out var next))
            {
                group.Add(next);
            }

            RunGroup(group);
            group.Clear();
        }
    }

    private void RunGroup(List<WriteItem> group)
    {
        var results = new object?[group.Count];
        var errors = new Exception?[group.Count];
        try
        {
            using (_transaction = _writeConnection.BeginTransaction())
            {
                for (var i = 0; i < group.Count; i++)
                {
                    var pending = _pendingScopes.Count;
                    _transaction.Save("item");
                    try
                    {
                        results[i] = group[i].Work();
                        _transaction.Release("item");
                    }
                    catch (Exception e)
                    {
                        _transaction.Rollback("item");
                        _pendingScopes.RemoveRange(pending, _pendingScopes.Count - pending);
                        errors[i] = e;
                    }
                }

                if (_historyId != _historyIdSaved)
                {
                    R("UPDATE counters SET value = ?1 WHERE name = 'history'").Bind(1, _historyId).Execute();
                }

                _transaction.Commit();
                _historyIdSaved = _historyId;
            }

            // Scope ids are cached only once the rows that define them are durable.
            foreach (var (name, id) in _pendingScopes)
            {
                _scopeIds.TryAdd(name, id);
            }
        }
        catch (Exception e)
        {
            // The commit (or the transaction itself) failed: nothing of this group is durable, and a scope id
            // looked up during it may name a row that is gone.
            _scopeIds.Clear();
            foreach (var item in group)
            {
                item.Done.TrySetException(e);
            }

            return;
        }
        finally
        {
            _transaction = null;
            _pendingScopes.Clear();
        }

        for (var i = 0; i < group.Count; i++)
        {
            if (errors[i] is { } error)
            {
                group[i].Done.TrySetException(error);
            }
            else
            {
                group[i].Done.TrySetResult(results[i]);
            }
        }
    }

    /// <summary>A cached prepared command on the write connection, bound to the current transaction; parameters $0, $1, ...</summary>
    private SqliteCommand W(string sql, params object?[] values)
    {
        if (!_writeCommands.TryGetValue(sql, out var command))
        {
            command = _writeConnection.CreateCommand();
            command.CommandText = sql;
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters.Add(new SqliteParameter("$" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), null));
            }

            _writeCommands[sql] = command;
        }

        command.Transaction = _transaction;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        return command;
    }

    /// <summary>A cached raw prepared statement on the write connection, for the per-entry hot paths; parameters ?1, ?2, ...</summary>
    private RawStatement R(string sql)
    {
        if (!_rawStatements.TryGetValue(sql, out var statement))
        {
            statement = new RawStatement(_writeConnection.Handle!, sql);
            _rawStatements[sql] = statement;
        }

        return statement;
    }

    private sealed class WriteItem(Func<object?> work)
    {
        public Func<object?> Work { get; } = work;

        public TaskCompletionSource<object?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
