using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansHa.Destinations;
using OrleansHa.FileSets;
using OrleansHa.Grains.Roles;
using OrleansHa.Grains.Tests.Cluster;
using OrleansHa.Grains.Tests.Monitor;
using OrleansHa.Roles;
using OrleansHa.Settings;
using OrleansHa.Systems;
using OrleansHa.Users;

namespace OrleansHa.Grains.Tests.Roles;

/// <summary>
/// Definitions while a role change is under way: a switch-over of PROD interrupted at the promotion (the silo stopped
/// there) with the backup unreachable, which the group keeps refusing writes through until the backup answers.
/// </summary>
public sealed class ReadinessDefinitionGateTests : IAsyncLifetime
{
    private readonly MonitorCluster _prod = new(
        storage: MonitorCluster.DurableStorage,
        configureServices: services =>
        {
            // No system is reachable: BACKUP does not answer the resumed promotion.
            services.AddSingleton<IRemoteSystemConnector>(new ClusterConnector());
            services.Configure<RoleOptions>(o => o.SystemName = "PROD");
        });

    public async Task InitializeAsync()
    {
        await _prod.StartAsync();
        MonitorCluster.AsAdmin();
        await Group.DefineAsync(new HaGroupDefinition([new HaGroupMember("PROD", null, null), new HaGroupMember("BACKUP", "127.0.0.1:30001", "backup-admin")], "PROD"));
    }

    public Task DisposeAsync() => _prod.DisposeAsync().AsTask();

    private IHaGroupGrain Group => _prod.Client.GetGrain<IHaGroupGrain>(HaGroups.Default);

    [Fact]
    public async Task DefinitionChanges_WhileASwitchOverIsUnderWay_AreRefusedSayingSoAndChangeNothing()
    {
        // Steady: definitions change freely.
        await _prod.AddUserAsync("mid1", 5, _prod.Folder("home", "mid1"));
        var destination = await _prod.AddLocalDestinationAsync("MIDDEST");
        var source = _prod.Folder("home", "mid1", "docs");
        await _prod.AddFileSetAsync(MonitorCluster.FileSet("mid1", "docs", source, "MIDDEST"));
        await InterruptSwitchOverAtPromotionAsync();
        MonitorCluster.AsAdmin();
        var gate = await Group.GetGateAsync();

        var refusals = new List<WritesRefusedException>
        {
            await RefusedAsync(() => _prod.Client.GetGrain<IUserGrain>("mid1").DefineAsync(new UserDefinition("mid1", MonitorCluster.ProcessUid, MonitorCluster.ProcessGid, 9, [_prod.Folder("home", "mid1")]), allowUpdate: true)),
            await RefusedAsync(() => _prod.Client.GetGrain<IUserGrain>("mid2").DefineAsync(new UserDefinition("mid2", MonitorCluster.ProcessUid, MonitorCluster.ProcessGid, 5, [_prod.Folder("home", "mid2")]), allowUpdate: false)),
            await RefusedAsync(() => _prod.Client.GetGrain<IUserGrain>("mid1").SetSuspendedAsync(true)),
            await RefusedAsync(() => _prod.Client.GetGrain<IDestinationGrain>("MIDDEST").DefineAsync(destination.Definition with { QueueLimit = 7 }, allowUpdate: true)),
            await RefusedAsync(() => _prod.Client.GetGrain<IDestinationGrain>("MIDDEST").RemoveAsync(force: true)),
            await RefusedAsync(() => _prod.Client.GetGrain<IFileSetGrain>("mid1/docs").DefineAsync(MonitorCluster.FileSet("mid1", "docs", source, "MIDDEST", priority: 3), allowUpdate: true)),
            await RefusedAsync(() => _prod.Client.GetGrain<IFileSetGrain>("mid1/docs").SetSuspendedAsync(true)),
            await RefusedAsync(() => _prod.Client.GetGrain<IFileSetGrain>("mid1/docs").RemoveAsync()),
            await RefusedAsync(async () => await _prod.Client.GetGrain<ISettingsGrain>("system").ImportAsync(await ExportAsync(), coldStart: false)),
        };

        Assert.Equal(HaGroupPhase.SwitchingOver, gate.Phase);
        Assert.All(refusals, r => Assert.StartsWith("PROD is switching over (epoch 1): it refuses to ", r.Message, StringComparison.Ordinal));
        Assert.All(refusals, r => Assert.True(r.Switching));
        Assert.Contains(refusals, r => r.Message.Contains("refuses to define file set mid1/docs", StringComparison.Ordinal));
        var settings = await ExportAsync();
        Assert.Equal(5, Assert.Single(settings.Users, u => u.Definition.Name == "mid1").Definition.MaxPriority);
        Assert.False(Assert.Single(settings.Users, u => u.Definition.Name == "mid1").Suspended);
        Assert.DoesNotContain(settings.Users, u => u.Definition.Name == "mid2");
        Assert.Equal(0, Assert.Single(settings.Destinations, d => d.Definition.Name == "MIDDEST").Definition.QueueLimit);
        var fileSet = Assert.Single(settings.FileSets, f => f.Definition.Key == "mid1/docs");
        Assert.Equal((1, false), (fileSet.Definition.Priority, fileSet.Suspended));
    }

    /// <summary>What a silo that stopped in the middle of a switch-over's promotion leaves: the step persisted, the silo restarted.</summary>
    private async Task InterruptSwitchOverAtPromotionAsync()
    {
        await _prod.RestartAsync();
        var storage = _prod.Cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>("Default");
        var grainId = Group.GetGrainId();
        var saved = new GrainState<HaGroupState>(new HaGroupState());
        await storage.ReadStateAsync("hagroup", grainId, saved);
        saved.State!.Phase = HaGroupPhase.SwitchingOver;
        saved.State.Operation = RoleOperation.SwitchOver;
        saved.State.Step = RoleChangeStep.PromotingBackup;
        saved.State.OperationEpoch = 2;
        saved.State.Partner = "BACKUP";
        saved.State.OperationStartedAt = _prod.Clock.UtcNow;
        await storage.WriteStateAsync("hagroup", grainId, saved);
    }

    private async Task<SettingsDocument> ExportAsync()
    {
        MonitorCluster.AsAdmin();
        return await _prod.Client.GetGrain<ISettingsGrain>("system").ExportAsync();
    }

    private static async Task<WritesRefusedException> RefusedAsync(Func<Task> change)
    {
        MonitorCluster.AsAdmin();
        return await Assert.ThrowsAsync<WritesRefusedException>(change);
    }
}
