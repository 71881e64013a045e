using System.Text.Json.Nodes;
using OrleansHa.EndToEnd.Tests.Infrastructure;
using OrleansHa.Journals;
using OrleansHa.Systems;

namespace OrleansHa.EndToEnd.Tests;

/// <summary>
/// Two silo processes, PROD shipping a journal to BACKUP through BACKUP's gateway (PROD's own Orleans client to the BACKUP
/// cluster); PROD is SIGKILLed mid-ship.
/// </summary>
public sealed class JournalEndToEndTests : IAsyncLifetime
{
    private const int Batches = 60;
    private const int BatchSize = 500;
    private const long Total = Batches * BatchSize;
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();
    private SiloProcess _backup = null!;
    private SiloProcess _prod = null!;

    public async Task InitializeAsync()
    {
        _backup = new SiloProcess(Path.Combine(_folder.Path, "backup"), "BACKUP");
        _prod = new SiloProcess(Path.Combine(_folder.Path, "prod"), "PROD");
        await Task.WhenAll(_backup.StartAsync(), _prod.StartAsync("--Journals:ShipBatchSize", "500"));
        AddRemoteCredential(Path.Combine(_prod.DataFolder, "credentials.json"), "backup-admin", "admin", SiloProcess.DefaultSecret);
    }

    public async Task DisposeAsync()
    {
        await _prod.DisposeAsync();
        await _backup.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Ship_WhenSenderIsKilledMidShip_ReplicaEndsWithEverythingOnceAfterRestart()
    {
        await using (var prod = await _prod.ConnectAsync())
        {
            var journal = prod.Client.GetGrain<IJournalGrain>("orders");
            await journal.DefineAsync(new JournalDefinition([new RemoteSystemAddress("BACKUP", _backup.Gateway, "backup-admin")], []));
            for (var b = 0; b < Batches; b++)
            {
                var result = await journal.AppendAsync($"load-{b}", Batch(b * BatchSize, BatchSize));
                Assert.True(result.Accepted, result.Error);
            }

            // Kill PROD as soon as BACKUP has acknowledged some, but not all, of it.
            var acknowledged = await Eventually.ValueAsync(async () => (await journal.GetStatusAsync()).Receivers.Single().Acknowledged, a => a > 0, TimeSpan.FromSeconds(60));
            Assert.InRange(acknowledged, 1, Total - 1);
        }

        await _prod.KillAsync();
        var restarted = new SiloProcess(_prod);
        await restarted.StartAsync("--Journals:ShipBatchSize", "500");
        _prod = restarted;

        // Nothing calls PROD's journal until the replica is complete: the silo itself resumes shipping at start.
        await using var backup = await _backup.ConnectAsync();
        var replica = backup.Client.GetGrain<IRemoteJournalGrain>("orders@PROD");
        var applied = await Eventually.ValueAsync(async () => (await replica.GetStatusAsync()).LastApplied, a => a == Total, TimeSpan.FromSeconds(120));
        Assert.Contains("Woke 1 journal(s)", _prod.Output, StringComparison.Ordinal);
        await using var prodAgain = await _prod.ConnectAsync();
        var status = await prodAgain.Client.GetGrain<IJournalGrain>("orders").GetStatusAsync();

        Assert.Equal(Total, status.LastSequence);
        Assert.Equal(Total, applied);
        var final = await replica.GetStatusAsync();
        Assert.Equal(Total, final.Applied);
        Assert.Equal(0, final.GapsRefused);
        Assert.Equal($"{Total - 1}", (await replica.GetRecordAsync($"k{Total - 1:D6}"))!.Fields["n"]);
        Assert.Single(await replica.GetHistoryAsync("k000000", 10));
    }

    [Fact]
    public async Task Cli_WhenJournalDefinedAndFileAppended_ReplicaAndStatusShowIt()
    {
        var changes = Path.Combine(_folder.Path, "changes.jsonl");
        await File.WriteAllLinesAsync(changes, [
            "# users",
            "{\"op\":\"put\",\"key\":\"u1\",\"ts\":\"2026-11-21T08:00:00Z\",\"fields\":{\"name\":\"Ann\",\"lastAccess\":\"mon\"}}",
            "{\"op\":\"put\",\"key\":\"u2\",\"ts\":\"2026-11-21T08:00:00Z\",\"fields\":{\"name\":\"Bob\",\"age\":42}}",
            "{\"op\":\"patch\",\"key\":\"u1\",\"ts\":\"2026-11-21T09:00:00Z\",\"fields\":{\"lastAccess\":\"tue\"}}",
            "{\"op\":\"delete\",\"key\":\"u2\",\"ts\":\"2026-11-21T10:00:00Z\"}",
        ]);
        string[] prod = ["--system", "PROD", "--gateway", _prod.Gateway, "--password", SiloProcess.DefaultSecret];
        string[] backup = ["--system", "BACKUP", "--gateway", _backup.Gateway, "--password", SiloProcess.DefaultSecret];

        var create = await CliAsync([.. prod, "journal", "create", "users", "--receiver", $"BACKUP,{_backup.Gateway},backup-admin", "--rule", "lastacc;only=lastAccess;action=drop"]);
        var append = await CliAsync([.. prod, "journal", "append", "users", "--file", changes, "--json"]);
        var again = await CliAsync([.. prod, "journal", "append", "users", "--file", changes, "--json"]);
        var replicated = await Eventually.ValueAsync(async () => (await CliAsync([.. backup, "journal", "status", "users", "--remote", "PROD", "--json"])).Json[0]!["last applied"]!.GetValue<long>(), a => a == 3, TimeSpan.FromSeconds(60));
        var record = await CliAsync([.. backup, "journal", "get", "users", "u1", "--remote", "PROD", "--json"]);
        var keys = await CliAsync([.. prod, "journal", "list", "users", "--prefix", "u", "--json"]);
        var disable = await CliAsync([.. prod, "journal", "disable", "users", "--receiver", "BACKUP", "--json"]);

        Assert.Equal(0, create.ExitCode);
        Assert.Equal((0, 3L, 1L), (append.ExitCode, append.Json[0]!["journaled"]!.GetValue<long>(), append.Json[0]!["filtered"]!.GetValue<long>()));
        Assert.Equal(3, again.Json[0]!["last"]!.GetValue<long>());
        Assert.Equal(3, replicated);
        Assert.Contains(record.Json.AsArray(), f => f!["field"]!.GetValue<string>() == "lastAccess" && f["value"]!.GetValue<string>() == "mon");
        Assert.Equal(["u1"], keys.Json.AsArray().Select(k => k!["key"]!.GetValue<string>()));
        Assert.False(disable.Json[0]!["enabled"]!.GetValue<bool>());
    }

    private static async Task<(int ExitCode, JsonNode Json, string Error)> CliAsync(params string[] arguments)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Out = new Spectre.Console.AnsiConsoleOutput(TextWriter.Null),
            Interactive = Spectre.Console.InteractionSupport.No,
        });
        var exitCode = await OrleansHa.Client.Cli.CliApp.RunAsync(arguments, console, output, error, CancellationToken.None, environment: _ => null);
        var text = output.ToString();
        return (exitCode, text.Length == 0 ? new JsonArray() : JsonNode.Parse(text)!, error.ToString());
    }

    private static JournalChange[] Batch(int from, int count)
        => [.. Enumerable.Range(from, count).Select(i => JournalChange.Put($"k{i:D6}", T0.AddMilliseconds(i), new() { ["n"] = $"{i}" }))];

    /// <summary>Adds a credential for another system to a silo's credentials file (the silo reloads it when it changes).</summary>
    private static void AddRemoteCredential(string file, string name, string user, string secret)
    {
        var document = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        var key = document.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, "remotes", StringComparison.OrdinalIgnoreCase)) ?? "remotes";
        var remotes = document[key] as JsonArray ?? [];
        remotes.Add(new JsonObject { ["name"] = name, ["user"] = user, ["secret"] = secret });
        document[key] = remotes;
        File.WriteAllText(file, document.ToJsonString());
    }
}
