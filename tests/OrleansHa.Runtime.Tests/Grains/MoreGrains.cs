using Orleans.Concurrency;
using Orleans.Serialization.Invocation;
using Orleans.Utilities;
using Microsoft.Extensions.Logging.Abstractions;

namespace OrleansHa.Runtime.Tests.Grains;

public interface IMayInterleaveGrain : IGrainWithStringKey
{
    /// <summary>Waits for a release, then returns.</summary>
    Task<string> WaitAsync(string tag);

    /// <summary>Releases the waiting call; interleaves when the argument says "urgent".</summary>
    Task ReleaseAsync(string urgency);

    /// <summary>What ran, in order.</summary>
    [AlwaysInterleave]
    Task<List<string>> GetEventsAsync();
}

[MayInterleave(nameof(IsUrgent))]
public sealed class MayInterleaveGrain : Grain, IMayInterleaveGrain
{
    private readonly List<string> _events = [];
    private TaskCompletionSource _release = new();

    public static bool IsUrgent(IInvokable request) => request.GetArgument(0) is "urgent";

    public async Task<string> WaitAsync(string tag)
    {
        _events.Add($"wait:{tag}");
        await _release.Task;
        _events.Add($"done:{tag}");
        return tag;
    }

    public Task<List<string>> GetEventsAsync() => Task.FromResult(_events.ToList());

    public Task ReleaseAsync(string urgency)
    {
        _events.Add($"release:{urgency}");
        _release.TrySetResult();
        _release = new TaskCompletionSource();
        return Task.CompletedTask;
    }
}

public interface IChatObserver : IGrainObserver
{
    /// <summary>Receives a message.</summary>
    Task ReceiveAsync(string message);
}

public interface IChatRoomGrain : IGrainWithStringKey
{
    /// <summary>Subscribes an observer.</summary>
    Task JoinAsync(IChatObserver observer);

    /// <summary>Sends to every observer.</summary>
    Task SayAsync(string message);
}

public sealed class ChatRoomGrain : Grain, IChatRoomGrain
{
    private readonly ObserverManager<IChatObserver> _observers = new(TimeSpan.FromMinutes(5), NullLogger.Instance);

    public Task JoinAsync(IChatObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task SayAsync(string message) => _observers.Notify(o => o.ReceiveAsync(message));
}
