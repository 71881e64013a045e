namespace OrleansHa.Sync;

/// <summary>
/// Counts work done and reports it through <see cref="IProgress{T}"/> at most every <see cref="Interval"/> (by the
/// engine's TimeProvider), plus once when totals are known and once at the end. Reports come from worker threads.
/// </summary>
internal sealed class ProgressCounter(IProgress<SyncProgress>? sink, TimeProvider time)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);
    private long _filesDone;
    private long _filesTotal;
    private long _bytesDone;
    private long _bytesTotal;
    private long _lastReport = long.MinValue;

    public void SetTotals(long files, long bytes)
    {
        _filesTotal = files;
        _bytesTotal = bytes;
        Report(null);
    }

    public void AddBytes(long bytes) => Interlocked.Add(ref _bytesDone, bytes);

    public void FileDone(string? path)
    {
        Interlocked.Increment(ref _filesDone);
        if (sink is null)
        {
            return;
        }

        var now = time.GetTimestamp();
        var last = Interlocked.Read(ref _lastReport);
        if (time.GetElapsedTime(last == long.MinValue ? 0 : last, now) >= Interval && Interlocked.CompareExchange(ref _lastReport, now, last) == last)
        {
            Report(path);
        }
    }

    public void Finish() => Report(null);

    private void Report(string? path)
    {
        if (sink is null)
        {
            return;
        }

        _lastReport = time.GetTimestamp();
        sink.Report(new SyncProgress(Interlocked.Read(ref _filesDone), _filesTotal, Interlocked.Read(ref _bytesDone), _bytesTotal, path));
    }
}
