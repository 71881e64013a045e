using Orleans.Concurrency;
using Orleans.Runtime;

namespace OrleansHa.Runtime.Tests.Grains;

public sealed class PayrollClosedException(string message) : Exception(message);

public interface IThrowingGrain : IGrainWithStringKey
{
    /// <summary>Throws <see cref="PayrollClosedException"/> after an await.</summary>
    Task<int> FailAsync(string message);

    /// <summary>Throws at once, before any await.</summary>
    Task FailSynchronouslyAsync();

    /// <summary>A one-way call that throws.</summary>
    [OneWay]
    Task FireAndForgetAsync();

    /// <summary>Counts calls.</summary>
    Task<int> CountAsync();
}

public sealed class ThrowingGrain : Grain, IThrowingGrain
{
    private int _calls;

    public async Task<int> FailAsync(string message)
    {
        await Task.Yield();
        throw new PayrollClosedException(message);
    }

    public Task FailSynchronouslyAsync() => throw new InvalidOperationException("synchronous failure");

    public Task FireAndForgetAsync()
    {
        _calls++;
        throw new InvalidOperationException("one-way failure");
    }

    public Task<int> CountAsync() => Task.FromResult(++_calls);
}

public interface IFailingActivationGrain : IGrainWithStringKey
{
    /// <summary>Never runs: activation fails.</summary>
    Task<int> GetAsync();
}

public sealed class FailingActivationGrain : Grain, IFailingActivationGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(10, cancellationToken);
        throw new PayrollClosedException($"activation of {this.GetPrimaryKeyString()} refused");
    }

    public Task<int> GetAsync() => Task.FromResult(1);
}

public interface ICycleGrain : IGrainWithStringKey
{
    /// <summary>Calls <paramref name="next"/>, which calls back <paramref name="back"/>.</summary>
    Task<string> PingAsync(ICycleGrain next, ICycleGrain back);

    /// <summary>Calls <paramref name="back"/>.PongAsync.</summary>
    Task<string> RelayAsync(ICycleGrain back);

    /// <summary>A plain method.</summary>
    Task<string> PongAsync();
}

public sealed class CycleGrain : Grain, ICycleGrain
{
    public Task<string> PingAsync(ICycleGrain next, ICycleGrain back) => next.RelayAsync(back);

    public Task<string> RelayAsync(ICycleGrain back) => back.PongAsync();

    public Task<string> PongAsync() => Task.FromResult(this.GetPrimaryKeyString());
}

public interface ISlowGrain : IGrainWithStringKey
{
    /// <summary>Waits for the given time on the silo's clock.</summary>
    [ResponseTimeout("00:00:05")]
    Task WaitAsync(TimeSpan time);

    /// <summary>Waits with the default timeout.</summary>
    Task WaitLongAsync(TimeSpan time);
}

public sealed class SlowGrain(TimeProvider time) : Grain, ISlowGrain
{
    public Task WaitAsync(TimeSpan wait) => Task.Delay(wait, time);

    public Task WaitLongAsync(TimeSpan wait) => Task.Delay(wait, time);
}

public interface IContextGrain : IGrainWithStringKey
{
    /// <summary>Reads a request context value.</summary>
    Task<string?> ReadAsync(string key);

    /// <summary>Reads the value through another grain, after setting <paramref name="added"/>.</summary>
    Task<string?> ReadThroughAsync(IContextGrain other, string key, string added);
}

public sealed class ContextGrain : Grain, IContextGrain
{
    public Task<string?> ReadAsync(string key) => Task.FromResult(RequestContext.Get(key) as string);

    public async Task<string?> ReadThroughAsync(IContextGrain other, string key, string added)
    {
        RequestContext.Set(added, "set-in-grain");
        var seen = await other.ReadAsync(key);
        var addedSeen = await other.ReadAsync(added);
        return $"{seen}|{addedSeen}";
    }
}
