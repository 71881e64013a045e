using OrleansHa.Destinations;
using OrleansHa.FileSets;
using OrleansHa.Journals;
using OrleansHa.Roles;
using OrleansHa.Systems;
using OrleansHa.Users;

namespace OrleansHa.EndToEnd.Tests.Infrastructure;

/// <summary>
/// PROD and BACKUP (two silo processes, <see cref="TwoSystems"/>) as one HA group, with everything a swap needs defined
/// in both directions: credentials each way (PROD's <see cref="TwoSystems.BackupCredential"/>, BACKUP's
/// <see cref="ProdCredential"/>), user <see cref="Owner"/> alike on both, a silo destination each way (named after the
/// system it reaches), file set <see cref="FileSetKey"/> each way (PROD's <see cref="ProdTree"/> to BACKUP's
/// <see cref="BackupTree"/> and back), journal <see cref="Journal"/> each way, and the group defined on both with PROD
/// production at epoch 1. Account <see cref="UserName"/> (not an administrator) exists on both.
/// </summary>
public sealed class HaGroupSystems : IAsyncDisposable
{
    /// <summary>The entry of BACKUP's credentials file it logs in to PROD's gateway with.</summary>
    public const string ProdCredential = "prod";

    /// <summary>The journal defined on both systems, each with the other as its receiver.</summary>
    public const string Journal = "orders";

    /// <summary>The user owning the file sets, defined alike on both systems.</summary>
    public const string Owner = "carol";

    /// <summary>The file set defined on both systems (<c>carol/ledger</c>), each to the other.</summary>
    public const string FileSetKey = Owner + "/ledger";

    /// <summary>An account of both systems that is not an administrator.</summary>
    public const string UserName = "alice";

    /// <summary>Its secret.</summary>
    public const string UserSecret = "alice-secret-0123456789";

    private readonly TwoSystems _systems = new();

    /// <summary>PROD (production at epoch 1); a test that restarts it replaces it here.</summary>
    public SiloProcess Prod => _systems.Prod;

    /// <summary>BACKUP.</summary>
    public SiloProcess Backup => _systems.Backup;

    /// <summary>The folder everything lives in.</summary>
    public string Path => _systems.Path;

    /// <summary>The file set's source on PROD, and its target when BACKUP is production.</summary>
    public string ProdTree => System.IO.Path.Combine(Path, "homes", "prod", "ledger");

    /// <summary>The file set's target on BACKUP, and its source when BACKUP is production.</summary>
    public string BackupTree => System.IO.Path.Combine(Path, "homes", "backup", "ledger");

    /// <summary>
    /// Starts both silos with <paramref name="extraArguments"/>, defines everything above on both (before the group,
    /// while both accept definitions as systems with no group do), then the group, with <paramref name="autoFailover"/>
    /// on both sides when given.
    /// </summary>
    public async Task StartAsync(AutoFailoverPolicy? autoFailover = null, params string[] extraArguments)
    {
        Directory.CreateDirectory(ProdTree);
        Directory.CreateDirectory(BackupTree);
        await _systems.StartAsync(extraArguments);
        await TwoSystems.AddRemoteCredentialAsync(Backup, ProdCredential);
        foreach (var silo in new[] { Prod, Backup })
        {
            SiloFixture.AddUserAccount(silo.CredentialsFile, UserName, UserSecret);
        }

        await using var prod = await Prod.ConnectAsync();
        await using var backup = await Backup.ConnectAsync();
        await DefineSideAsync(prod.Client, "BACKUP", Backup.Gateway, TwoSystems.BackupCredential, ProdTree, BackupTree);
        await DefineSideAsync(backup.Client, "PROD", Prod.Gateway, ProdCredential, BackupTree, ProdTree);
        await prod.Client.GetGrain<IHaGroupGrain>(HaGroups.Default).DefineAsync(new HaGroupDefinition(
            [new HaGroupMember("PROD", null, null), new HaGroupMember("BACKUP", Backup.Gateway, TwoSystems.BackupCredential)], "PROD", autoFailover));
        await backup.Client.GetGrain<IHaGroupGrain>(HaGroups.Default).DefineAsync(new HaGroupDefinition(
            [new HaGroupMember("PROD", Prod.Gateway, ProdCredential), new HaGroupMember("BACKUP", null, null)], "PROD", autoFailover));
    }

    /// <summary>SIGKILLs PROD and starts it again over the same data folder and ports, with <paramref name="extraArguments"/>.</summary>
    public async Task RestartProdAsync(params string[] extraArguments)
    {
        await Prod.KillAsync();
        var restarted = new SiloProcess(Prod);
        _systems.Prod = restarted;
        await restarted.StartAsync(extraArguments);
    }

    /// <summary>Queues a run of the file set on <paramref name="client"/>'s system to <paramref name="destination"/> and waits for its run record.</summary>
    public static async Task<RunRecord> RunFileSetAsync(IClusterClient client, string destination, TimeSpan limit)
    {
        var fileSet = client.GetGrain<IFileSetGrain>(FileSetKey);
        var ticket = Assert.Single(await fileSet.QueueRunNowAsync(destination));
        return await RunRecordAsync(client, ticket.RunId, limit);
    }

    /// <summary>Waits until the file set on <paramref name="client"/>'s system has a run record with <paramref name="runId"/>.</summary>
    public static async Task<RunRecord> RunRecordAsync(IClusterClient client, string runId, TimeSpan limit)
    {
        var fileSet = client.GetGrain<IFileSetGrain>(FileSetKey);
        return await Eventually.ResultAsync(async () => (await fileSet.GetAsync())?.LastRuns.FirstOrDefault(r => r.RunId == runId), limit);
    }

    /// <summary>Reads the gate of <paramref name="client"/>'s system until <paramref name="done"/> holds (or the limit passes; the last gate is returned).</summary>
    public static Task<RoleGate> GateAsync(IClusterClient client, Func<RoleGate, bool> done, TimeSpan limit)
        => Eventually.ValueAsync(() => client.GetGrain<IHaGroupGrain>(HaGroups.Default).GetGateAsync(), done, limit);

    /// <summary>Writes <paramref name="count"/> files of <paramref name="size"/> bytes (content differing per file) under <paramref name="root"/>.</summary>
    public static async Task<long> WriteTreeAsync(string root, int count, int size)
    {
        for (var i = 0; i < count; i++)
        {
            await File.WriteAllBytesAsync(System.IO.Path.Combine(root, $"part-{i:D3}.bin"), Content(i, size));
        }

        return (long)count * size;
    }

    /// <summary>Content of file <paramref name="seed"/>: <paramref name="size"/> bytes no other seed shares.</summary>
    public static byte[] Content(int seed, int size)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public async ValueTask DisposeAsync() => await _systems.DisposeAsync();

    /// <summary>
    /// One side's definitions: the user (both trees under its one root, alike on both systems), the destination to the
    /// other system, the file set from <paramref name="source"/> to <paramref name="target"/> there, and the journal.
    /// </summary>
    private async Task DefineSideAsync(IClusterClient client, string other, string otherGateway, string credential, string source, string target)
    {
        await client.GetGrain<IUserGrain>(Owner).DefineAsync(new UserDefinition(Owner, 0, 0, 5, [System.IO.Path.Combine(Path, "homes")]), allowUpdate: true);
        var destination = await client.GetGrain<IDestinationGrain>(other).DefineAsync(
            new DestinationDefinition(other, DestinationTransport.Silo, null, otherGateway, other, credential), allowUpdate: true);
        Assert.True(destination.Available, destination.ProbeError);
        await client.GetGrain<IFileSetGrain>(FileSetKey).DefineAsync(
            new FileSetDefinition(Owner, "ledger", source, [], [], [new FileSetTarget(other, target)], "default", "manual", 1, new FileSetOptions()), allowUpdate: true);
        await client.GetGrain<IJournalGrain>(Journal).DefineAsync(new JournalDefinition([new RemoteSystemAddress(other, otherGateway, credential)], []));
    }
}
