using System.Globalization;
using System.Text.Json;
using OrleansHa.Benchmarks.Cluster;
using OrleansHa.Connections;
using OrleansHa.Destinations;
using OrleansHa.FileSets;
using OrleansHa.Journals;
using OrleansHa.Roles;
using OrleansHa.Silo.Security;
using OrleansHa.Systems;
using OrleansHa.Users;

namespace OrleansHa.Benchmarks.Roles;

/// <summary>
/// PROD and BACKUP, one silo process each (SQLite, as the silo ships), as an HA group with the automatic failover
/// policy: credentials both ways, user <see cref="Owner"/> alike on both, a silo destination each way, file sets
/// <c>bench/fs-NNN</c> each way (PROD's tree under <c>homes/prod</c> to BACKUP's under <c>homes/backup</c> and back,
/// ten file sets per batch so several workers run), and journals <c>load-N</c> each way.
/// </summary>
internal sealed class RoleSystems : IAsyncDisposable
{
    public const string Secret = "roles-benchmark-secret-01234";
    public const string Owner = "bench";
    private static readonly string[] SiloArguments = ["--Roles:AnnounceInterval", "00:00:01", "--Roles:FailoverProbeInterval", "00:00:01"];
    private readonly string _root;

    private RoleSystems(string root, ClusterSilo prod, ClusterSilo backup, int fileSets, int journals)
    {
        _root = root;
        Prod = prod;
        Backup = backup;
        FileSets = fileSets;
        Journals = journals;
    }

    public ClusterSilo Prod { get; }

    public ClusterSilo Backup { get; }

    public int FileSets { get; }

    public int Journals { get; }

    /// <summary>The grace period of the failover policy: the shortest allowed.</summary>
    public static TimeSpan GracePeriod => AutoFailoverPolicy.MinimumGracePeriod;

    public static string FileSetName(int index) => "fs-" + index.ToString("D3", CultureInfo.InvariantCulture);

    public static string JournalName(int index) => "load-" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>A file set's tree on <paramref name="system"/> (PROD or BACKUP).</summary>
    public string Tree(string system, int index) => Path.Combine(_root, "homes", system.ToLowerInvariant(), FileSetName(index));

    public ClusterSilo Silo(string system) => system == "PROD" ? Prod : Backup;

    /// <summary>Starts both silos, writes <paramref name="filesPerSet"/> files of <paramref name="fileSize"/> bytes into each of PROD's trees, and defines everything.</summary>
    public static async Task<RoleSystems> StartAsync(string root, int fileSets, int filesPerSet, int fileSize, int journals, TextWriter log, CancellationToken cancellationToken)
    {
        var prod = new ClusterSilo("PROD", Path.Combine(root, "prod"), ["--system-name", "PROD", .. SiloArguments]);
        var backup = new ClusterSilo("BACKUP", Path.Combine(root, "backup"), ["--system-name", "BACKUP", .. SiloArguments]);
        var systems = new RoleSystems(root, prod, backup, fileSets, journals);
        try
        {
            log.WriteLine($"[roles] starting PROD ({prod.Gateway}) and BACKUP ({backup.Gateway})");
            await Task.WhenAll(prod.StartAsync(Secret, cancellationToken), backup.StartAsync(Secret, cancellationToken));
            await AddRemoteAsync(prod, "backup");
            await AddRemoteAsync(backup, "prod");
            for (var i = 0; i < fileSets; i++)
            {
                Directory.CreateDirectory(systems.Tree("BACKUP", i));
                var tree = Directory.CreateDirectory(systems.Tree("PROD", i)).FullName;
                for (var f = 0; f < filesPerSet; f++)
                {
                    await File.WriteAllBytesAsync(Path.Combine(tree, $"file-{f:D3}.bin"), Content((i * 1000) + f, fileSize), cancellationToken);
                }
            }

            log.WriteLine($"[roles] defining {fileSets} file sets and {journals} journals each way, and the group");
            await using var prodConnection = await systems.ConnectAsync("PROD", cancellationToken);
            await using var backupConnection = await systems.ConnectAsync("BACKUP", cancellationToken);
            await systems.DefineSideAsync(prodConnection.Client, "PROD", "BACKUP", backup.Gateway, "backup");
            await systems.DefineSideAsync(backupConnection.Client, "BACKUP", "PROD", prod.Gateway, "prod");
            var policy = new AutoFailoverPolicy(GracePeriod);
            await prodConnection.Client.GetGrain<IHaGroupGrain>(HaGroups.Default).DefineAsync(new HaGroupDefinition(
                [new HaGroupMember("PROD", null, null), new HaGroupMember("BACKUP", backup.Gateway, "backup")], "PROD", policy));
            await backupConnection.Client.GetGrain<IHaGroupGrain>(HaGroups.Default).DefineAsync(new HaGroupDefinition(
                [new HaGroupMember("PROD", prod.Gateway, "prod"), new HaGroupMember("BACKUP", null, null)], "PROD", policy));
        }
        catch
        {
            await systems.DisposeAsync();
            throw;
        }

        return systems;
    }

    /// <summary>Connects to <paramref name="system"/> as the administrator.</summary>
    public Task<SystemConnection> ConnectAsync(string system, CancellationToken cancellationToken)
        => SystemConnection.ConnectAsync(
            new SystemConnectionOptions { SystemName = system, Gateways = [Silo(system).Gateway], User = "admin", Secret = Secret },
            cancellationToken: cancellationToken);

    /// <summary>Queues a run of every file set on <paramref name="client"/>'s system to <paramref name="destination"/> and waits for every run record; answers them.</summary>
    public async Task<IReadOnlyList<RunRecord>> RunAllAsync(IClusterClient client, string destination, TimeSpan limit, CancellationToken cancellationToken)
    {
        var tickets = await Task.WhenAll(Enumerable.Range(0, FileSets).Select(async i =>
            (Index: i, Tickets: await client.GetGrain<IFileSetGrain>($"{Owner}/{FileSetName(i)}").QueueRunNowAsync(destination))));
        var deadline = DateTime.UtcNow + limit;
        var records = new List<RunRecord>();
        foreach (var (index, queued) in tickets)
        {
            var fileSet = client.GetGrain<IFileSetGrain>($"{Owner}/{FileSetName(index)}");
            foreach (var ticket in queued)
            {
                while (true)
                {
                    if ((await fileSet.GetAsync())?.LastRuns.FirstOrDefault(r => r.RunId == ticket.RunId) is { } record)
                    {
                        records.Add(record);
                        break;
                    }

                    if (DateTime.UtcNow > deadline)
                    {
                        throw new TimeoutException($"Run {ticket.RunId} of {FileSetName(index)} to {destination} did not finish within {limit}.");
                    }

                    await Task.Delay(100, cancellationToken);
                }
            }
        }

        return records;
    }

    /// <summary>Reads <paramref name="client"/>'s gate until <paramref name="done"/> holds.</summary>
    public static async Task<RoleGate> GateAsync(IClusterClient client, Func<RoleGate, bool> done, TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var gate = await client.GetGrain<IHaGroupGrain>(HaGroups.Default).GetGateAsync();
            if (done(gate))
            {
                return gate;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The gate of {gate.LocalSystem} did not reach what was waited for within {limit}: {gate}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    public static byte[] Content(int seed, int size)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public async ValueTask DisposeAsync()
    {
        await Prod.DisposeAsync();
        await Backup.DisposeAsync();
    }

    private static async Task AddRemoteAsync(ClusterSilo silo, string name)
    {
        var file = Path.Combine(silo.DataFolder, "credentials.json");
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };
        var document = JsonSerializer.Deserialize<CredentialsDocument>(await File.ReadAllTextAsync(file), options)!;
        document.Remotes.Add(new RemoteCredential { Name = name, User = "admin", Secret = Secret });
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(document, options));
    }

    private async Task DefineSideAsync(IClusterClient client, string local, string other, string otherGateway, string credential)
    {
        await client.GetGrain<IUserGrain>(Owner).DefineAsync(new UserDefinition(Owner, 0, 0, 5, [Path.Combine(_root, "homes")]), allowUpdate: true);
        await client.GetGrain<IDestinationGrain>(other).DefineAsync(new DestinationDefinition(other, DestinationTransport.Silo, null, otherGateway, other, credential), allowUpdate: true);
        for (var i = 0; i < FileSets; i++)
        {
            var batch = "b" + (i / 10).ToString(CultureInfo.InvariantCulture);
            await client.GetGrain<IFileSetGrain>($"{Owner}/{FileSetName(i)}").DefineAsync(
                new FileSetDefinition(Owner, FileSetName(i), Tree(local, i), [], [], [new FileSetTarget(other, Tree(other, i))], batch, "manual", 1, new FileSetOptions()),
                allowUpdate: true);
        }

        for (var j = 0; j < Journals; j++)
        {
            await client.GetGrain<IJournalGrain>(JournalName(j)).DefineAsync(new JournalDefinition([new RemoteSystemAddress(other, otherGateway, credential)], []));
        }
    }
}
