using Orleans.Concurrency;

namespace OrleansHa.Runtime.Tests.Grains;

public interface IConcurrencyGrain : IGrainWithStringKey
{
    /// <summary>Holds the turn across awaits until released; returns how many calls were inside at once at most.</summary>
    Task<int> WorkAsync(int yields);

    /// <summary>Read-only work.</summary>
    [ReadOnly]
    Task<int> ReadAsync(int yields);

    /// <summary>Interleaves with anything.</summary>
    [AlwaysInterleave]
    Task<int> InterleavedAsync(int yields);

    /// <summary>The largest number of calls seen inside the grain at once.</summary>
    [AlwaysInterleave]
    Task<int> GetMaxConcurrencyAsync();

    /// <summary>Whether two threads were ever inside the grain at the same instant.</summary>
    [AlwaysInterleave]
    Task<bool> GetParallelismSeenAsync();
}

public interface IReentrantConcurrencyGrain : IConcurrencyGrain
{
}

public class ConcurrencyGrain : Grain, IConcurrencyGrain
{
    private int _inside;
    private int _max;
    private int _threadsInside;
    private bool _parallel;

    public Task<int> WorkAsync(int yields) => RunAsync(yields);

    public Task<int> ReadAsync(int yields) => RunAsync(yields);

    public Task<int> InterleavedAsync(int yields) => RunAsync(yields);

    public Task<int> GetMaxConcurrencyAsync() => Task.FromResult(_max);

    public Task<bool> GetParallelismSeenAsync() => Task.FromResult(_parallel);

    private async Task<int> RunAsync(int yields)
    {
        _inside++;
        _max = Math.Max(_max, _inside);
        for (var i = 0; i < yields; i++)
        {
            CheckSingleThreaded();
            await Task.Delay(1);
        }

        _inside--;
        return _max;
    }

    // Turn-based: even a reentrant grain never runs on two threads at once.
    private void CheckSingleThreaded()
    {
        if (Interlocked.Increment(ref _threadsInside) > 1)
        {
            _parallel = true;
        }

        Thread.SpinWait(2000);
        Interlocked.Decrement(ref _threadsInside);
    }
}

[Reentrant]
public sealed class ReentrantConcurrencyGrain : ConcurrencyGrain, IReentrantConcurrencyGrain
{
}

public interface IWorkerGrain : IGrainWithIntegerKey
{
    /// <summary>Waits a little and returns this activation's identity.</summary>
    Task<Guid> WorkAsync();
}

[StatelessWorker(4)]
public sealed class WorkerGrain : Grain, IWorkerGrain
{
    private readonly Guid _instance = Guid.NewGuid();

    public async Task<Guid> WorkAsync()
    {
        await Task.Delay(20);
        return _instance;
    }
}
