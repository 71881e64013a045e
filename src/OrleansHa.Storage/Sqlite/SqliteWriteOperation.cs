namespace OrleansHa.Storage;

/// <summary>
/// One queued write. The writer thread runs it inside a batch transaction, keeps its outcome, and delivers the
/// outcome only after the batch commits (or fails), so no caller hears of a write that might still be rolled back.
/// </summary>
internal abstract class SqliteWriteOperation
{
    /// <summary>Runs the write's statements on the writer connection; throws to fail only this write.</summary>
    public abstract void Execute(SqliteWriterSession session);

    /// <summary>Records a failure for this write (delivered later by <see cref="Deliver"/>).</summary>
    public abstract void SetFailure(Exception exception);

    /// <summary>Forgets the outcome of a run whose transaction was rolled back, so it can run again.</summary>
    public abstract void Reset();

    /// <summary>Completes the caller's task with the outcome.</summary>
    public abstract void Deliver();

    /// <summary>Whether the last run succeeded (and so has changes in the open transaction).</summary>
    public abstract bool Succeeded { get; }

    /// <summary>Wraps an unexpected storage error with what was being written and what to check.</summary>
    public abstract Exception DescribeFailure(Exception exception, string filePath);
}

/// <summary>A queued write with a result (e.g. the new ETag).</summary>
internal abstract class SqliteWriteOperation<TResult> : SqliteWriteOperation
{
    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TResult? _result;
    private Exception? _failure;
    private bool _ran;

    public Task<TResult> Task => _completion.Task;

    public override bool Succeeded => _ran && _failure is null;

    public sealed override void Execute(SqliteWriterSession session)
    {
        _result = Run(session);
        _failure = null;
        _ran = true;
    }

    public sealed override void SetFailure(Exception exception)
    {
        _failure = exception;
        _ran = true;
    }

    public sealed override void Reset()
    {
        _result = default;
        _failure = null;
        _ran = false;
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
