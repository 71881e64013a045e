using Microsoft.Extensions.DependencyInjection;
using OrleansHa.Destinations;
using OrleansHa.FileSets;
using OrleansHa.Grains.Journals;
using OrleansHa.Grains.Roles;
using OrleansHa.Grains.Tests.Cluster;
using OrleansHa.Grains.Tests.Monitor;
using OrleansHa.Roles;
using OrleansHa.Status;
using OrleansHa.Systems;
using OrleansHa.Workers;

namespace OrleansHa.Grains.Tests.Roles;

/// <summary>
/// Two systems in one process, PROD and BACKUP, in one HA group (PROD production at epoch 1), reaching each other
/// through <see cref="ClusterConnector"/>: the description a member gives, the worker gate on the backup, the epoch a
/// file set run carries and the receiver's fencing, and STATUS with the role and the readiness score.
/// </summary>
public sealed class ReadinessGatesTests(ReadinessGatesTests.Fixture fixture) : IClassFixture<ReadinessGatesTests.Fixture>
{
    private MonitorCluster Prod => fixture.Prod;

    private MonitorCluster Backup => fixture.Backup;

    [Fact]
    public async Task Describe_AfterARunToTheBackup_GivesTheGateSettingsAndTheLastSuccessPerTarget()
    {
        var (source, replica) = await fixture.FileSetBothWaysAsync("desc1");
        await File.WriteAllTextAsync(Path.Combine(source, "a.txt"), "alpha");
        var done = await fixture.RunOnProdAsync("desc1");

        MonitorCluster.AsAdmin();
        var described = await Prod.Client.GetGrain<IHaGroupGrain>(HaGroups.Default).DescribeAsync();
        MonitorCluster.AsAdmin();
        var backup = await Backup.Client.GetGrain<IHaGroupGrain>(HaGroups.Default).DescribeAsync();

        Assert.Equal(RunOutcome.Succeeded, done.Outcome);
        Assert.Equal("alpha", await File.ReadAllTextAsync(Path.Combine(replica, "a.txt")));
        Assert.Equal(("PROD", SystemRole.Production, 1L), (described.SystemName, described.Gate.Role!.Value, described.Gate.Epoch));
        Assert.Contains(described.Settings.Users, u => u.Definition.Name == "desc1");
        var success = Assert.Single(described.LastSuccesses, s => s.FileSet == "desc1/docs");
        Assert.Equal(("TOBACKUP", done.FinishedAt), (success.Destination, success.SucceededAt));
        Assert.Equal(Prod.Clock.UtcNow, described.Clock);
        // The reverse file set on the backup has never run (a backup runs none): no success to report.
        Assert.Equal((SystemRole.Backup, "PROD"), (backup.Gate.Role!.Value, backup.Gate.Production));
        Assert.Null(Assert.Single(backup.LastSuccesses, s => s.FileSet == "desc1/docs").SucceededAt);
    }

    [Fact]
    public async Task QueueRunNow_OnTheBackup_TheRunWaitsSayingWhyAndCopiesNothing()
    {
        var (_, replica) = await fixture.FileSetBothWaysAsync("gate1");
        await File.WriteAllTextAsync(Path.Combine(replica, "b.txt"), "beta");
        var key = WorkerKey.Format("gate1", "TOPROD", "default");

        MonitorCluster.AsUser("gate1");
        var ticket = Assert.Single(await Backup.Client.GetGrain<IFileSetGrain>("gate1/docs").QueueRunNowAsync("TOPROD"));
        // The worker looked and gave its reason: the event proving it had the chance to run.
        var waiting = await MonitorCluster.EventuallyAsync(() => Backup.WorkerAsync(key), w => w.WaitingFor is not null, "the worker to look at its queue");

        Assert.Equal("this system is the backup (epoch 1); file sets run from production PROD", waiting.WaitingFor);
        Assert.Equal(WorkerState.WaitingForDestination, waiting.State);
        Assert.Contains(waiting.Queue, r => r.RunId == ticket.RunId);
        Assert.Null(waiting.LastRun);
        Assert.Equal(0, (await Backup.WorkerStatusAsync(key))!.Failures);
        Assert.Empty(Directory.GetFiles(Path.Combine(fixture.ProdHome("gate1"), "docs")));
    }

    [Fact]
    public async Task Open_OnProduction_IsRefusedWhateverTheEpoch()
    {
        var home = fixture.ProdHome("open1");
        await Prod.AddUserAsync("open1", 5, home);
        var receiver = Prod.Client.GetGrain<IReplicaReceiverGrain>($"open1|{Path.Combine(home, "in")}");

        MonitorCluster.AsAdmin();
        var error = await Assert.ThrowsAsync<WritesRefusedException>(() => receiver.OpenAsync(durable: false, epoch: 2));

        Assert.Contains("PROD is the production system (epoch 1): it takes no file set runs", error.Message, StringComparison.Ordinal);
        Assert.Equal(("PROD", 1L), (error.Production, error.Epoch));
        Assert.False(Directory.Exists(Path.Combine(home, "in")));
    }

    [Fact]
    public async Task Open_OnTheBackup_RefusesAnOlderEpochAndTakesItsOwn()
    {
        var home = fixture.BackupHome("open2");
        await Backup.AddUserAsync("open2", 5, home);
        var receiver = Backup.Client.GetGrain<IReplicaReceiverGrain>($"open2|{Path.Combine(home, "in")}");

        MonitorCluster.AsAdmin();
        var fenced = await Assert.ThrowsAsync<WritesRefusedException>(() => receiver.OpenAsync(durable: false, epoch: 0));
        var missingAfterRefusal = !Directory.Exists(Path.Combine(home, "in"));
        MonitorCluster.AsAdmin();
        var opened = await receiver.OpenAsync(durable: false, epoch: 1);

        Assert.StartsWith("fenced: BACKUP is at epoch 1, newer than the sending system's 0; production is PROD.", fenced.Message, StringComparison.Ordinal);
        Assert.True(missingAfterRefusal);
        Assert.Equal(Path.Combine(home, "in"), opened);
    }

    [Fact]
    public async Task Status_OnProduction_CarriesTheRoleAndForTheAdministratorTheReadinessScore()
    {
        await fixture.FileSetBothWaysAsync("stat1");
        await fixture.PastCachedReadinessAsync();

        var admin = await Prod.StatusAsync();
        var user = await Prod.StatusAsync("stat1");
        MonitorCluster.AsUser("stat1");
        var asUser = await Prod.Client.GetGrain<IStatusGrain>("system").GetStatusAsync(new StatusQuery(null, IncludeIdle: true, Limit: 100));
        var backup = await Backup.StatusAsync();

        Assert.Equal((SystemRole.Production, 1L), (admin.Role!.Role!.Value, admin.Role.Epoch));
        Assert.NotNull(admin.Readiness);
        Assert.Equal(("PROD", "BACKUP"), (admin.Readiness.Production, admin.Readiness.Backup));
        Assert.Equal(admin.Readiness.Items.Count(i => i.Ready) * 100 / admin.Readiness.Items.Count, admin.Readiness.Score);
        Assert.True(Assert.Single(admin.Readiness.Items, i => i.Category == ReadinessCategory.Group).Ready);
        Assert.NotNull(user.Readiness); // the administrator asked, for one user's part
        Assert.Null(asUser.Readiness);
        Assert.Equal(SystemRole.Production, asUser.Role!.Role);
        Assert.Equal((SystemRole.Backup, "PROD"), (backup.Role!.Role!.Value, backup.Role.Production));
        Assert.Null(backup.Readiness);
    }

    [Fact]
    public async Task Status_WhenTheBackupIsDown_AnswersAndTheReadinessSaysSo()
    {
        fixture.Connector.Cut("BACKUP", cut: true);
        try
        {
            // Past the age of the cached check, so that STATUS has it made again with the backup unreachable.
            await fixture.PastCachedReadinessAsync();

            var status = await Prod.StatusAsync();

            Assert.False(status.Readiness!.Ready);
            var group = Assert.Single(status.Readiness.Items, i => i.Category == ReadinessCategory.Group);
            Assert.False(group.Ready);
            Assert.Contains("BACKUP did not answer", group.Reason, StringComparison.Ordinal);
            Assert.Equal(SystemRole.Production, status.Role!.Role);
        }
        finally
        {
            fixture.Connector.Cut("BACKUP", cut: false);
        }
    }

    /// <summary>PROD and BACKUP, the group defined on both, a silo destination each way.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public ClusterConnector Connector { get; } = new();

        public MonitorCluster Prod { get; private set; } = null!;

        public MonitorCluster Backup { get; private set; } = null!;

        public string ProdHome(string user) => Prod.Folder("home", user);

        public string BackupHome(string user) => Backup.Folder("home", user);

        public async Task InitializeAsync()
        {
            Backup = System("BACKUP");
            Prod = System("PROD");
            await Backup.StartAsync();
            await Prod.StartAsync();
            Connector.Add("BACKUP", () => Backup.Client);
            Connector.Add("PROD", () => Prod.Client);
            await DefineGroupAsync(Prod, new HaGroupMember("PROD", null, null), new HaGroupMember("BACKUP", "127.0.0.1:30001", "backup-admin"));
            await DefineGroupAsync(Backup, new HaGroupMember("PROD", "127.0.0.1:30000", "prod-admin"), new HaGroupMember("BACKUP", null, null));
            MonitorCluster.AsAdmin();
            await Prod.Client.GetGrain<IDestinationGrain>("TOBACKUP").DefineAsync(new DestinationDefinition("TOBACKUP", DestinationTransport.Silo, null, "127.0.0.1:30001", "BACKUP", "backup-admin"), allowUpdate: false);
            // Definitions stay changeable on a backup while roles are steady: the reverse direction is defined there.
            MonitorCluster.AsAdmin();
            await Backup.Client.GetGrain<IDestinationGrain>("TOPROD").DefineAsync(new DestinationDefinition("TOPROD", DestinationTransport.Silo, null, "127.0.0.1:30000", "PROD", "prod-admin"), allowUpdate: false);
        }

        public async Task DisposeAsync()
        {
            await Prod.DisposeAsync();
            await Backup.DisposeAsync();
        }

        /// <summary>Moves both clocks (alike, so they stay in step) past the age of a cached readiness check.</summary>
        public async Task PastCachedReadinessAsync()
        {
            var by = new RoleOptions().ReadinessMaxAge + TimeSpan.FromSeconds(1);
            await Prod.AdvanceAsync(by);
            await Backup.AdvanceAsync(by);
        }

        /// <summary>User <paramref name="user"/> on both systems, file set docs PROD → BACKUP and its reverse; answers (source on PROD, replica on BACKUP).</summary>
        public async Task<(string Source, string Replica)> FileSetBothWaysAsync(string user)
        {
            var prodHome = ProdHome(user);
            var backupHome = BackupHome(user);
            await Prod.AddUserAsync(user, 5, prodHome);
            await Backup.AddUserAsync(user, 5, backupHome);
            var source = Prod.Folder("home", user, "docs");
            var replica = Backup.Folder("home", user, "docs");
            await Prod.AddFileSetAsync(MonitorCluster.FileSet(user, "docs", source, "TOBACKUP", targetPath: replica));
            await Backup.AddFileSetAsync(MonitorCluster.FileSet(user, "docs", replica, "TOPROD", targetPath: source));
            return (source, replica);
        }

        /// <summary>Runs <paramref name="user"/>'s docs from PROD to BACKUP now; answers the run's record.</summary>
        public async Task<RunRecord> RunOnProdAsync(string user)
        {
            MonitorCluster.AsUser(user);
            var ticket = Assert.Single(await Prod.Client.GetGrain<IFileSetGrain>($"{user}/docs").QueueRunNowAsync("TOBACKUP"));
            var done = await MonitorCluster.EventuallyAsync(() => Prod.WorkerAsync(ticket.WorkerKey), w => w.LastRun?.RunId == ticket.RunId, "the run to BACKUP");
            return done.LastRun!;
        }

        private static async Task DefineGroupAsync(MonitorCluster system, params HaGroupMember[] members)
        {
            MonitorCluster.AsAdmin();
            await system.Client.GetGrain<IHaGroupGrain>(HaGroups.Default).DefineAsync(new HaGroupDefinition(members, "PROD"));
        }

        private MonitorCluster System(string name) => new(configureServices: services =>
        {
            services.AddSingleton<IRemoteSystemConnector>(Connector);
            services.Configure<RoleOptions>(o => o.SystemName = name);
            services.Configure<JournalOptions>(o => o.SystemName = name);
        });
    }
}
