using OrleansHa.Client.Cli;
using OrleansHa.EndToEnd.Tests.Infrastructure;
using OrleansHa.Journals;
using OrleansHa.Security;
using Spectre.Console;

namespace OrleansHa.EndToEnd.Tests;

/// <summary>
/// One user's journal through the CLI against a real silo: a journal owned by bob refuses alice every command that
/// appends to or reads it, while bob is served the same commands.
/// </summary>
public sealed class JournalAccessCliTests(SiloFixture fixture) : IClassFixture<SiloFixture>, IDisposable
{
    private const string Bob = "bob";
    private const string BobSecret = "bob-secret-0123456789";
    private const string Journal = "bobs-ledger";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Cli_AsAnotherUser_IsRefusedAppendReadListHistoryStatusAndActivityOfBobsJournal()
    {
        SiloFixture.AddUserAccount(fixture.Silo.CredentialsFile, Bob, BobSecret);
        var changes = Path.Combine(_folder.Path, "changes.jsonl");
        await File.WriteAllLinesAsync(changes, ["{\"op\":\"put\",\"key\":\"invoice-1\",\"ts\":\"2026-11-21T08:00:00Z\",\"fields\":{\"amount\":\"100\"}}"]);
        string[] system = ["--system", fixture.Silo.SystemName, "--gateway", fixture.Silo.Gateway];
        string[] admin = [.. system, "--password", SiloProcess.DefaultSecret];
        string[] bob = [.. system, "--user", Bob, "--password", BobSecret];
        string[] alice = [.. system, "--user", SiloFixture.UserName, "--password", SiloFixture.UserSecret];

        var create = await CliAsync([.. admin, "journal", "create", Journal, "--owner", Bob]);
        var bobAppends = await CliAsync([.. bob, "journal", "append", Journal, "--file", changes]);
        var bobReads = await CliAsync([.. bob, "journal", "get", Journal, "invoice-1", "--history", "5"]);
        string[][] attempts =
        [
            ["journal", "append", Journal, "--file", changes, "--request-id", "alice-forged"],
            ["journal", "get", Journal, "invoice-1"],
            ["journal", "list", Journal],
            ["journal", "status", Journal],
            ["journal", "activity", Journal],
        ];
        var refusals = new List<(int ExitCode, string Error)>();
        foreach (var attempt in attempts)
        {
            refusals.Add(await CliAsync([.. alice, .. attempt]));
        }

        // `journal get --history` asks for the record before its history, so the history call is made directly too.
        await using var aliceConnection = await fixture.ConnectAsync(SiloFixture.UserName, SiloFixture.UserSecret);
        var history = await Assert.ThrowsAsync<AccessDeniedException>(() => aliceConnection.Client.GetGrain<IJournalGrain>(Journal).GetHistoryAsync("invoice-1", 5));

        Assert.Equal(0, create.ExitCode);
        Assert.True(bobAppends.ExitCode == 0, bobAppends.Error);
        Assert.True(bobReads.ExitCode == 0, bobReads.Error);
        string[] verbs = ["append to", "read the records of", "list the records of", "read the status of", "read the activity of"];
        for (var i = 0; i < attempts.Length; i++)
        {
            Assert.Equal(1, refusals[i].ExitCode);
            Assert.Contains($"user alice may not {verbs[i]} journal '{Journal}'", refusals[i].Error, StringComparison.Ordinal);
            Assert.Contains($"owner {Bob}", refusals[i].Error, StringComparison.Ordinal);
        }

        Assert.Contains($"user alice may not read the history of journal '{Journal}'", history.Message, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Error)> CliAsync(params string[] arguments)
    {
        using var error = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null), Interactive = InteractionSupport.No });
        var exitCode = await CliApp.RunAsync(arguments, console, TextWriter.Null, error, CancellationToken.None, environment: _ => null);
        return (exitCode, error.ToString());
    }
}
