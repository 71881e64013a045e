using OrleansHa.Storage;

namespace OrleansHa.Journals;

/// <summary>
/// One journal store write, queued on the file's group-commit writer (see <see cref="SqliteDatabase"/>): it runs in
/// its own savepoint of the batch's transaction and its caller hears of it only after the commit. A write that throws
/// is rolled back alone, and the scope ids it created are forgotten with it.
/// </summary>
internal sealed class SqliteJournalWrite<TResult>(SqliteJournalSchema schema, string what, Func<TResult> work) : SqliteWriteOperation<TResult>
{
    // A refusal (bad arguments, a role change the journal's state does not allow, the queue limit) reaches the caller
    // as it is: its message already says what was wrong, and nothing of the write was kept.
    public override Exception DescribeFailure(Exception exception, string filePath)
        => exception is ArgumentException or InvalidOperationException or QueueLimitReachedException
            ? exception
            : new OrleansException(
                $"The journal store could not {what} in '{filePath}': {exception.Message} Nothing of this write was stored. Check free disk space and file permissions.",
                exception);

    protected override TResult Run(SqliteWriterSession session)
    {
        var scopes = schema.PendingScopeCount;
        try
        {
            return work();
        }
        catch
        {
            schema.ForgetScopesAfter(scopes);
            throw;
        }
    }
}
