using System.Collections.Concurrent;
using OrleansHa.Runtime.Tests.Grains;

namespace OrleansHa.Runtime.Tests;

public sealed class MoreBehaviourTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task MayInterleave_WhenPredicateAccepts_RequestRunsBesideTheWaitingOne()
    {
        var grain = _client.GetGrain<IMayInterleaveGrain>("urgent");
        var waiting = grain.WaitAsync("first");

        await grain.ReleaseAsync("urgent");

        Assert.Equal("first", await waiting);
    }

    [Fact]
    public async Task MayInterleave_WhenPredicateRefuses_RequestWaitsItsTurn()
    {
        var grain = _client.GetGrain<IMayInterleaveGrain>("patient");
        var waiting = grain.WaitAsync("first");

        var release = grain.ReleaseAsync("normal");
        await grain.ReleaseAsync("urgent");
        await Task.WhenAll(waiting, release);

        Assert.Equal(["wait:first", "release:urgent", "done:first", "release:normal"], await grain.GetEventsAsync());
    }

    [Fact]
    public async Task Observer_WhenGrainNotifies_ClientObjectReceivesTheMessage()
    {
        var received = new ConcurrentQueue<string>();
        var observer = new ChatObserver(received);
        var reference = _client.CreateObjectReference<IChatObserver>(observer);
        var room = _client.GetGrain<IChatRoomGrain>("lobby");

        await room.JoinAsync(reference);
        await room.SayAsync("hello");

        Assert.Equal(["hello"], received);
        _client.DeleteObjectReference<IChatObserver>(observer);
    }

    private sealed class ChatObserver(ConcurrentQueue<string> received) : IChatObserver
    {
        public Task ReceiveAsync(string message)
        {
            received.Enqueue(message);
            return Task.CompletedTask;
        }
    }
}
