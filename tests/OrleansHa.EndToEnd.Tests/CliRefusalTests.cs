using OrleansHa.EndToEnd.Tests.Infrastructure;
using OrleansHa.Journals;

namespace OrleansHa.EndToEnd.Tests;

/// <summary>
/// What the CLI prints when the silo refuses a call (one line on stderr naming the refusal, exit code 1) or when what it
/// was given is bad (one line, exit code 2): never a stack trace. The CLI runs as its own process against a silo process.
/// </summary>
public sealed class CliRefusalTests(SiloFixture fixture) : IClassFixture<SiloFixture>, IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task UserTouchingAnotherUsersFileSetOrJournal_GetsOneLineAndExitCodeOne()
    {
        await using (var admin = await fixture.ConnectAsync())
        {
            await admin.Client.GetGrain<IJournalGrain>("admins").DefineAsync(new JournalDefinition([], []));
        }

        var changes = Path.Combine(_folder.Path, "changes.jsonl");
        await File.WriteAllTextAsync(changes, "{\"op\":\"put\",\"key\":\"k1\",\"ts\":\"2026-11-21T08:00:00Z\",\"fields\":{\"n\":\"1\"}}\n");

        var show = await AsUserAsync("fileset", "show", "admin/payroll");
        var append = await AsUserAsync("journal", "append", "admins", "--file", changes);
        var read = await AsUserAsync("journal", "get", "admins", "k1");

        foreach (var (refused, what) in new[] { (show, "fileset show"), (append, "journal append"), (read, "journal get") })
        {
            Assert.True(refused.ExitCode == 1, $"{what}: exit {refused.ExitCode}: {refused.Error}");
            var line = Assert.Single(refused.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("orleansha: ", line, StringComparison.Ordinal);
            Assert.Contains(SiloFixture.UserName, line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task BadArguments_CheckedByTheClientOrByTheSilo_GetOneLineAndExitCodeTwo()
    {
        var changes = Path.Combine(_folder.Path, "one.jsonl");
        await File.WriteAllTextAsync(changes, "{\"op\":\"delete\",\"key\":\"k1\",\"ts\":\"2026-11-21T08:00:00Z\"}\n");

        var batch = await AsAdminAsync("journal", "append", "any", "--file", changes, "--batch", "0");
        var receiver = await AsAdminAsync("journal", "create", "any", "--receiver", "BACKUP");
        var queueLimit = await AsAdminAsync("journal", "create", "any", "--queue-limit", "0");

        foreach (var (refused, names) in new[] { (batch, "--batch"), (receiver, "--receiver"), (queueLimit, "queue limit") })
        {
            Assert.True(refused.ExitCode == 2, $"{names}: exit {refused.ExitCode}: {refused.Error}");
            var line = Assert.Single(refused.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("orleansha: ", line, StringComparison.Ordinal);
            Assert.Contains(names, line, StringComparison.Ordinal);
            Assert.DoesNotContain("(Parameter", line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Call_WhenItsMessageIsOverOrleansLimit_SaysSoInsteadOfWaitingForTheTimeout()
    {
        // One root of 110 MB: the import's request is over Orleans' 100 MB message limit. Orleans would resend it until the
        // call's 10-minute response timeout; the CLI process runner gives up after one minute.
        var document = Path.Combine(_folder.Path, "huge.json");
        await File.WriteAllTextAsync(document, "{\"format\":\"orleansha-settings\",\"version\":1,\"users\":[{\"definition\":{\"name\":\"huge\",\"uid\":1,\"gid\":1,\"maxPriority\":1,\"roots\":[\"/"
            + new string('a', 110 * 1024 * 1024) + "\"]}}],\"destinations\":[],\"fileSets\":[]}");

        var import = await AsAdminAsync("config", "import", document);

        Assert.Equal(1, import.ExitCode);
        var line = Assert.Single(import.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("a message was larger than the connection allows (Invalid body size:", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_WhenThrottled_SaysSoOnOneLineWithTheWait()
    {
        // Wrong secrets until the silo's throttle answers instead of checking the secret (after five failures).
        (int ExitCode, string Output, string Error) attempt = (0, string.Empty, string.Empty);
        for (var tries = 0; tries < 30 && !attempt.Error.Contains("Too many failed logins", StringComparison.Ordinal); tries++)
        {
            attempt = await CliProcess.RunAsync(null, "ping", "--system", fixture.Silo.SystemName, "--gateway", fixture.Silo.Gateway, "--user", "mallory", "--password", "guess-" + tries);
            Assert.Equal(1, attempt.ExitCode);
        }

        var line = Assert.Single(attempt.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"^orleansha: Too many failed logins for account 'mallory' or from this client; try again in \d+ s\.$", line);
    }

    private Task<(int ExitCode, string Output, string Error)> AsAdminAsync(params string[] arguments)
        => CliProcess.RunAsync(null, [.. arguments, "--system", fixture.Silo.SystemName, "--gateway", fixture.Silo.Gateway, "--password", SiloProcess.DefaultSecret]);

    private Task<(int ExitCode, string Output, string Error)> AsUserAsync(params string[] arguments)
        => CliProcess.RunAsync(null, [.. arguments, "--system", fixture.Silo.SystemName, "--gateway", fixture.Silo.Gateway, "--user", SiloFixture.UserName, "--password", SiloFixture.UserSecret]);
}
