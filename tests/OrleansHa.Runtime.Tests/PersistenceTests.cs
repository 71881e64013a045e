using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansHa.Runtime.Tests.Grains;

namespace OrleansHa.Runtime.Tests;

public sealed class PersistenceTests(ClusterFixture fixture) : PersistenceTestsBase(fixture), IClassFixture<ClusterFixture>;

public sealed class SqlitePersistenceTests(SqliteClusterFixture fixture) : PersistenceTestsBase(fixture), IClassFixture<SqliteClusterFixture>;

/// <summary>IPersistentState over a provider: new records, ETag conflicts, clearing.</summary>
public abstract class PersistenceTestsBase(ClusterFixture fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task WriteState_WhenRecordMissing_StartsFromNewStateAndGetsAnEtag()
    {
        var grain = _client.GetGrain<ICounterGrain>("fresh");

        Assert.Null(await grain.GetEtagAsync());
        Assert.Equal(5, await grain.AddAsync(5));
        Assert.NotNull(await grain.GetEtagAsync());
    }

    [Fact]
    public async Task WriteState_WhenAnotherWriterChangedTheRecord_ThrowsInconsistentStateAndDeactivates()
    {
        var grain = _client.GetGrain<ICounterGrain>("contended");
        await grain.AddAsync(1);
        var storage = fixture.Cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>("Default");
        var other = new GrainState<CounterState>(new CounterState());
        await storage.ReadStateAsync("counter", grain.GetGrainId(), other);
        other.State.Total = 100;
        await storage.WriteStateAsync("counter", grain.GetGrainId(), other);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => grain.AddAsync(1));

        Assert.Equal(other.ETag, error.StoredEtag);
        Assert.True(await Eventually.TrueAsync(async () => await grain.GetAsync() == 100));
        Assert.Equal(101, await grain.AddAsync(1));
    }

    [Fact]
    public async Task ClearState_WhenCalled_NextActivationReadsNewState()
    {
        var grain = _client.GetGrain<ICounterGrain>("cleared");
        await grain.AddAsync(3);

        await grain.ClearAsync();

        Assert.Equal(0, await grain.GetAsync());
        Assert.Equal(2, await grain.AddAsync(2));
    }

    [Fact]
    public async Task OnActivateAsync_WhenRecordIsStored_SeesTheStateAlreadyRead()
    {
        var grain = _client.GetGrain<IActivationStateGrain>("stored-before-activation");
        var storage = fixture.Cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>("Default");
        await storage.WriteStateAsync("counter", grain.GetGrainId(), new GrainState<CounterState>(new CounterState { Total = 7 }));

        var seen = await grain.GetSeenOnActivationAsync();

        Assert.Equal("7:True:True", seen);
    }
}
