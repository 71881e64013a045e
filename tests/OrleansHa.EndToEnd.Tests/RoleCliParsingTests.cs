using System.Text.Json;
using OrleansHa.Client.Cli;
using OrleansHa.Client.Commands;
using OrleansHa.Roles;
using Spectre.Console;

namespace OrleansHa.EndToEnd.Tests;

/// <summary>How the <c>role</c> commands read their arguments and print what the group grain answers (no silo needed).</summary>
public sealed class RoleCliParsingTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 17, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ParseMember_WithANameAlone_IsThisSystemWithoutGatewayOrCredential()
    {
        Assert.Equal(new HaGroupMember("PROD", null, null), RoleText.ParseMember("PROD"));
    }

    [Fact]
    public void ParseMember_WithGatewaysAndCredential_KeepsEveryGatewayInOrder()
    {
        Assert.Equal(new HaGroupMember("BACKUP", "10.0.0.2:30000,10.0.0.3:30000", "backup-admin"), RoleText.ParseMember("BACKUP=10.0.0.2:30000, 10.0.0.3:30000@backup-admin"));
    }

    [Theory]
    [InlineData("BACKUP=10.0.0.2:30000", "has no credential")]
    [InlineData("BACKUP=10.0.0.2:30000@", "has no credential")]
    [InlineData("BACKUP=nowhere@cred", "'nowhere' is not a gateway address")]
    [InlineData("=10.0.0.2:30000@cred", "must be NAME for this system")]
    [InlineData("BACK UP", "must be NAME for this system")]
    public void ParseMember_WhenBad_ThrowsNamingTheMemberAndWhatIsAllowed(string text, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => RoleText.ParseMember(text));

        Assert.Contains($"--member '{text}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("30s", 30)]
    [InlineData("5m", 300)]
    [InlineData("1.5h", 5400)]
    [InlineData("1d", 86400)]
    [InlineData("00:00:45", 45)]
    public void ParseGracePeriod_WithAUnitOrHoursMinutesSeconds_GivesTheDuration(string text, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), RoleText.ParseGracePeriod(text));
    }

    [Theory]
    [InlineData("1s", "out of range")]
    [InlineData("2d", "out of range")]
    [InlineData("soon", "is not a duration")]
    [InlineData("30 parsecs", "is not a duration")]
    public void ParseGracePeriod_WhenBadOrOutOfRange_SaysWhatIsAllowed(string text, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => RoleText.ParseGracePeriod(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("allowed: 5s to 1d", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--reapply and --discard were both given", "role", "divergence", "--reapply", "--discard")]
    [InlineData("--dry-run goes with --reapply or --discard", "role", "divergence", "--dry-run")]
    [InlineData("--limit: 0 is out of range", "role", "divergence", "--limit", "0")]
    [InlineData("--production", "role", "define", "--member", "PROD")]
    [InlineData("--member", "role", "define", "--production", "PROD")]
    public void Parse_WhenOptionsConflictOrAreMissing_SaysWhich(string expected, params string[] arguments)
    {
        var errors = Parse(arguments);

        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("role", "define", "--member", "PROD", "--member", "BACKUP=127.0.0.1:31000@backup", "--production", "PROD", "--auto-failover", "30s", "--dry-run")]
    [InlineData("role", "switch-over", "--dry-run")]
    [InlineData("role", "failover")]
    [InlineData("role", "switch-back", "--json")]
    [InlineData("role", "divergence", "--journal", "orders", "--key", "k1", "--reapply", "--dry-run")]
    [InlineData("role", "check", "--json")]
    [InlineData("role", "status")]
    public void Parse_WhenWellFormed_HasNoErrors(params string[] arguments)
    {
        Assert.Empty(Parse(arguments));
    }

    [Fact]
    public async Task Define_WithABadMember_ExitsTwoBeforeConnecting()
    {
        using var error = new StringWriter();

        // No silo listens on port 1: the member is refused before any connection is tried.
        var exitCode = await CliApp.RunAsync(
            ["role", "define", "--gateway", "127.0.0.1:1", "--password", "s", "--member", "PROD", "--member", "BACKUP=127.0.0.1:31000", "--production", "PROD"],
            AnsiConsole.Console, TextWriter.Null, error, CancellationToken.None, _ => null);

        Assert.Equal(CliFailure.BadInput, exitCode);
        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--member 'BACKUP=127.0.0.1:31000' has no credential", line, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteStatus_WithoutJson_ShowsRoleEpochMembersAndFences()
    {
        var (context, screen, _) = Context();
        var status = Status(new RoleGate("BACKUP", 4, SystemRole.Backup, HaGroupPhase.Steady, "PROD", "127.0.0.1:30000"));

        RoleCommands.WriteStatus(context, Parse(context, "role", "status"), status);

        var text = screen.ToString();
        Assert.Contains("backup (epoch 4; production PROD)", text, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:30000", text, StringComparison.Ordinal);
        Assert.Contains("(this system)", text, StringComparison.Ordinal);
        Assert.Contains("orders", text, StringComparison.Ordinal);
        Assert.Contains("after 30s unreachable", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteStatus_WithJson_WritesOneDocumentWithEnumsAsWords()
    {
        var (context, _, output) = Context();
        var status = Status(new RoleGate("PROD", 4, SystemRole.Production, HaGroupPhase.SwitchingOver, "PROD", null));

        RoleCommands.WriteStatus(context, Parse(context, "role", "status", "--json"), status);

        using var json = JsonDocument.Parse(output.ToString());
        var gate = json.RootElement.GetProperty("gate");
        Assert.Equal("production", gate.GetProperty("role").GetString());
        Assert.Equal("switchingOver", gate.GetProperty("phase").GetString());
        Assert.False(gate.GetProperty("writable").GetBoolean());
        Assert.Equal(4, gate.GetProperty("epoch").GetInt64());
        Assert.Equal("drain journals", json.RootElement.GetProperty("progress").GetProperty("step").GetString());
    }

    [Fact]
    public void WriteReadiness_WithoutJson_ListsEveryItemWithItsReasonAndTheScore()
    {
        var (context, screen, _) = Context();
        var report = new ReadinessReport(At, "PROD", "BACKUP", Ready: false, Score: 66, [
            new ReadinessItem(ReadinessCategory.User, "alice", true, "alice is defined alike on BACKUP"),
            new ReadinessItem(ReadinessCategory.Journal, "orders", false, "journal orders on BACKUP has no receiver PROD; define it"),
            new ReadinessItem(ReadinessCategory.Backlog, "orders→BACKUP", false, "12 entries behind; a switch-over drains them", Blocking: false),
        ], TimeSpan.FromMilliseconds(-40));

        RoleCommands.WriteReadiness(context, Parse(context, "role", "check"), report);

        var text = screen.ToString();
        Assert.Contains("66% (not ready: 1 blocking)", text, StringComparison.Ordinal);
        Assert.Contains("journal orders on BACKUP has no receiver PROD", text, StringComparison.Ordinal);
        Assert.Contains("BLOCKING", text, StringComparison.Ordinal);
        Assert.Contains("warning", text, StringComparison.Ordinal);
        Assert.Contains("0.04s behind", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteReport_WhenRefused_ShowsOnlyTheFailingItems()
    {
        var (context, screen, _) = Context();
        var readiness = new ReadinessReport(At, "PROD", "BACKUP", false, 50, [
            new ReadinessItem(ReadinessCategory.User, "alice", true, "alice is defined alike on BACKUP"),
            new ReadinessItem(ReadinessCategory.Journal, "orders", false, "journal orders on BACKUP has no receiver PROD"),
        ], TimeSpan.Zero);
        var report = new RoleSwapReport(RoleOperation.SwitchOver, false, false, 1, "PROD", "BACKUP", TimeSpan.Zero, [], readiness, "refused: 1 readiness item fails", [], 0, 0);

        RoleCommands.WriteReport(context, Parse(context, "role", "switch-over"), report);

        var text = screen.ToString();
        Assert.Contains("The switch-over did not complete.", text, StringComparison.Ordinal);
        Assert.Contains("journal orders on BACKUP has no receiver PROD", text, StringComparison.Ordinal);
        Assert.DoesNotContain("alice is defined alike", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteReport_WhenDone_ShowsTheStepsAndHowLongWritesWereRefused()
    {
        var (context, screen, _) = Context();
        var report = new RoleSwapReport(RoleOperation.SwitchOver, false, true, 2, "BACKUP", "PROD", TimeSpan.FromMilliseconds(1250),
            [new RoleSwapStep("drain journals", TimeSpan.FromMilliseconds(800), "3 journals, 120 entries")], null, null,
            [new JournalFence("orders", 2, 120)], 4096, 0);

        RoleCommands.WriteReport(context, Parse(context, "role", "switch-over"), report);

        var text = screen.ToString();
        Assert.Contains("The switch-over completed.", text, StringComparison.Ordinal);
        Assert.Contains("1.25s", text, StringComparison.Ordinal);
        Assert.Contains("3 journals, 120 entries", text, StringComparison.Ordinal);
        Assert.Contains("4096", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "no HA group")]
    [InlineData(SystemRole.Production, "production (epoch 7)")]
    [InlineData(SystemRole.Backup, "backup (epoch 7; production PROD)")]
    public void Role_GivesTheRoleAndEpochInWords(SystemRole? role, string expected)
    {
        var gate = role is null ? RoleGate.Ungrouped("PROD") : new RoleGate("X", 7, role, HaGroupPhase.Steady, "PROD", null);

        Assert.Equal(expected, RoleText.Role(gate));
    }

    private static HaGroupStatus Status(RoleGate gate)
        => new(gate.LocalSystem, true, gate,
            [new HaGroupMember(gate.LocalSystem, null, null), new HaGroupMember(gate.LocalSystem == "PROD" ? "BACKUP" : "PROD", "127.0.0.1:30000", "remote-admin")],
            new AutoFailoverPolicy(TimeSpan.FromSeconds(30)), At, "group defined: PROD is production", [new JournalFence("orders", 4, 17)], 0,
            new RoleSwapProgress(RoleOperation.SwitchOver, "drain journals", At, 10, 50, 0, 0));

    private static (CliContext Context, StringWriter Screen, StringWriter Output) Context()
    {
        var screen = new StringWriter();
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(screen), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 250;
        return (new CliContext(console, output, _ => null), screen, output);
    }

    private static System.CommandLine.ParseResult Parse(CliContext context, params string[] arguments) => CliApp.CreateRootCommand(context).Parse(arguments);

    private static List<string> Parse(string[] arguments)
    {
        var context = new CliContext(AnsiConsole.Console, TextWriter.Null, _ => null);
        return [.. CliApp.CreateRootCommand(context).Parse(arguments).Errors.Select(e => e.Message)];
    }
}
