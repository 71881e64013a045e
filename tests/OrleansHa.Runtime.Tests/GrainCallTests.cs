using Orleans.Runtime;
using OrleansHa.Runtime.Tests.Grains;

namespace OrleansHa.Runtime.Tests;

public sealed class GrainCallTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task GetPrimaryKey_WhenEveryKeyKind_GrainSeesItsKey()
    {
        var guid = Guid.NewGuid();

        Assert.Equal("alice/payroll", await _client.GetGrain<IStringKeyGrain>("alice/payroll").GetKeyAsync());
        Assert.Equal(guid, await _client.GetGrain<IGuidKeyGrain>(guid).GetKeyAsync());
        Assert.Equal(-42L, await _client.GetGrain<IIntegerKeyGrain>(-42).GetKeyAsync());
        Assert.Equal($"{guid}+ext", await _client.GetGrain<IGuidCompoundKeyGrain>(guid, "ext").GetKeyAsync());
        Assert.Equal("7+ext", await _client.GetGrain<IIntegerCompoundKeyGrain>(7, "ext").GetKeyAsync());
        Assert.Equal(-42L, _client.GetGrain<IIntegerKeyGrain>(-42).GetPrimaryKeyLong());
    }

    [Fact]
    public async Task GetPrimaryKeyLong_WhenKeyIsString_ThrowsInvalidOperationNamingTheKind()
    {
        var grain = _client.GetGrain<IStringKeyGrain>("text");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.GetKeyAsLongAsync());
        Assert.Contains("string key", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => grain.GetPrimaryKey());
    }

    [Fact]
    public async Task Call_WhenGrainThrows_CallerGetsSameExceptionType()
    {
        var grain = _client.GetGrain<IThrowingGrain>("thrower");

        var error = await Assert.ThrowsAsync<PayrollClosedException>(() => grain.FailAsync("closed for the day"));
        Assert.Equal("closed for the day", error.Message);
        await Assert.ThrowsAsync<InvalidOperationException>(() => grain.FailSynchronouslyAsync());
        Assert.Equal(1, await grain.CountAsync());
    }

    [Fact]
    public async Task OneWayCall_WhenGrainThrows_CallerSeesNoFailure()
    {
        var grain = _client.GetGrain<IThrowingGrain>("oneway");

        await grain.FireAndForgetAsync();

        Assert.True(await Eventually.TrueAsync(async () => await grain.CountAsync() >= 2));
    }

    [Fact]
    public async Task Calls_WhenGrainIsNotReentrant_RunOneAtATimeAcrossAwaits()
    {
        var grain = _client.GetGrain<IConcurrencyGrain>("serial", "OrleansHa.Runtime.Tests.Grains.ConcurrencyGrain");

        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => grain.WorkAsync(3)));

        Assert.Equal(1, await grain.GetMaxConcurrencyAsync());
        Assert.False(await grain.GetParallelismSeenAsync());
    }

    [Fact]
    public async Task Calls_WhenGrainIsReentrant_InterleaveButNeverRunInParallel()
    {
        var grain = _client.GetGrain<IReentrantConcurrencyGrain>("reentrant");

        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => grain.WorkAsync(5)));

        Assert.True(await grain.GetMaxConcurrencyAsync() > 1);
        Assert.False(await grain.GetParallelismSeenAsync());
    }

    [Fact]
    public async Task ReadOnlyCalls_WhenOnlyReadersRun_Interleave()
    {
        var grain = _client.GetGrain<IConcurrencyGrain>("readers", "OrleansHa.Runtime.Tests.Grains.ConcurrencyGrain");

        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => grain.ReadAsync(5)));

        Assert.True(await grain.GetMaxConcurrencyAsync() > 1);
    }

    [Fact]
    public async Task AlwaysInterleaveCall_WhenAnotherCallRuns_Interleaves()
    {
        var grain = _client.GetGrain<IConcurrencyGrain>("interleave", "OrleansHa.Runtime.Tests.Grains.ConcurrencyGrain");

        await Task.WhenAll(grain.WorkAsync(20), grain.InterleavedAsync(5), grain.InterleavedAsync(5));

        Assert.True(await grain.GetMaxConcurrencyAsync() > 1);
    }

    [Fact]
    public async Task StatelessWorker_WhenCalledConcurrently_UsesSeveralActivationsUpToItsLimit()
    {
        var grain = _client.GetGrain<IWorkerGrain>(1);

        var instances = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => grain.WorkAsync()));

        Assert.InRange(instances.Distinct().Count(), 2, 4);
    }

    [Fact]
    public async Task RequestContext_WhenSetByCaller_FlowsToGrainAndToTheCallsItMakes()
    {
        var first = _client.GetGrain<IContextGrain>("ctx-1");
        var second = _client.GetGrain<IContextGrain>("ctx-2");
        RequestContext.Set("principal", "alice");
        try
        {
            Assert.Equal("alice", await first.ReadAsync("principal"));
            Assert.Equal("alice|set-in-grain", await first.ReadThroughAsync(second, "principal", "added"));
            Assert.Null(RequestContext.Get("added"));
        }
        finally
        {
            RequestContext.Clear();
        }
    }

    [Fact]
    public async Task Call_WhenOnActivateAsyncFails_EveryQueuedCallGetsItsException()
    {
        var grain = _client.GetGrain<IFailingActivationGrain>("refuses");

        var calls = Enumerable.Range(0, 5).Select(_ => grain.GetAsync()).ToList();

        foreach (var call in calls)
        {
            var error = await Assert.ThrowsAsync<PayrollClosedException>(() => call);
            Assert.Equal("activation of refuses refused", error.Message);
        }
    }

    [Fact]
    public void GetGrain_WhenNoClassImplementsInterface_ThrowsNamingTheInterface()
    {
        var error = Assert.Throws<ArgumentException>(() => _client.GetGrain<IOrphanGrain>("x"));

        Assert.Contains(nameof(IOrphanGrain), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetGrain_WhenMethodDoesNotReturnTask_ThrowsNamingMethodAndWhatIsExpected()
    {
        var error = Assert.Throws<ArgumentException>(() => _client.GetGrain(typeof(IBadReturnGrain), GrainId.Create("x", "y")));

        Assert.Contains($"{nameof(IBadReturnGrain)}.{nameof(IBadReturnGrain.Count)}", error.Message, StringComparison.Ordinal);
        Assert.Contains("must return Task, Task<T>, ValueTask or ValueTask<T>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetGrain_WhenSeveralClassesImplementInterface_ThrowsAskingForPrefix()
    {
        var error = Assert.Throws<ArgumentException>(() => _client.GetGrain<IConcurrencyGrain>("x"));

        Assert.Contains("grainClassNamePrefix", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_WhenStorageProviderIsNotRegistered_FailsWithBadProviderConfigNamingIt()
    {
        var error = await Assert.ThrowsAsync<Orleans.Storage.BadProviderConfigException>(() => _client.GetGrain<IMissingStorageGrain>("m").PingAsync());

        Assert.Contains("'NoSuchStore'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_WhenArgumentsAndResultsAreMutable_GrainAndCallerHoldSeparateCopies()
    {
        var grain = _client.GetGrain<ICopyGrain>("copies");
        var values = new List<int> { 1, 2 };

        await grain.KeepAsync(values);
        values.Add(3);
        var kept = await grain.GetKeptAsync();
        kept.Add(4);

        Assert.Equal(2, await grain.CountKeptAsync());
    }

    [Fact]
    public async Task Call_WhenParameterIsImmutable_ArgumentIsPassedWithoutCopy()
    {
        var grain = _client.GetGrain<ICopyGrain>("immutable");
        var values = new List<int> { 1, 2 };

        await grain.KeepImmutableAsync(values);
        values.Add(3);

        Assert.Equal(3, await grain.CountKeptAsync());
    }

    [Fact]
    public async Task GetGrain_WhenNoCallIsMade_ActivatesNothingUntilTheFirstCall()
    {
        var grain = _client.GetGrain<ILifecycleGrain>("reference-only", "OrleansHa.Runtime.Tests.Grains.LifecycleGrain");
        await _client.GetGrain<ILifecycleGrain>("reference-other", "OrleansHa.Runtime.Tests.Grains.LifecycleGrain").PingAsync();

        Assert.False(fixture.Log.Contains("activate:reference-only"));
        await grain.PingAsync();
        Assert.True(fixture.Log.Contains("activate:reference-only"));
    }
}
