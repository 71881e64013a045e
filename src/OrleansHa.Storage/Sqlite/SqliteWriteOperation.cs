namespace OrleansHa.Storage;

/// <summary>
/// One queued write. The writer thread runs it in its own savepoint inside a batch transaction, keeps its outcome,
/// and delivers the outcome only after the batch commits (or fails), so no caller hears of a write that might still
/// be rolled back.
/// </summary>
internal abstract class SqliteWriteOperation
{
    /// <summary>Runs the write's statements on the writer connection; throws to fail (and undo) only this write.</summary>
    public abstract void Execute(SqliteWriterSession session);

    /// <summary>Records a failure for this write (delivered later by <see cref="Deliver"/>).</summary>
    public abstract void SetFailure(Exception exception);

    /// <summary>Forgets the outcome of a run whose transaction was rolled back, so it can run again.</summary>
    public abstract void Reset();

    /// <summary>Completes the caller's task with the outcome.</summary>
    public abstract void Deliver();

    /// <summary>
    /// The exception the caller gets for what the write threw: an expected outcome (an ETag conflict, a refused
    /// argument) as it is, an unexpected storage error wrapped with what was being written and what to check.
    /// </summary>
    public abstract Exception DescribeFailure(Exception exception, string filePath);
}

/// <summary>A queued write with a result (e.g. the new ETag).</summary>
internal abstract class SqliteWriteOperation<TResult> : SqliteWriteOperation
{
    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TResult? _result;
    private Exception? _failure;

    public Task<TResult> Task => _completion.Task;

    public sealed override void Execute(SqliteWriterSession session)
    {
        _result = Run(session);
        _failure = null;
    }

    public sealed override void SetFailure(Exception exception) => _failure = exception;

    public sealed override void Reset()
    {
        _result = default;
        _failure = null;
    }

    public sealed override void Deliver()
    {
        if (_failure is not null)
        {
            _completion.TrySetException(_failure);
        }
        else
        {
            _completion.TrySetResult(_result!);
        }
    }

    /// <summary>The write itself: checks, then changes rows; returns the caller's result.</summary>
    protected abstract TResult Run(SqliteWriterSession session);
}
