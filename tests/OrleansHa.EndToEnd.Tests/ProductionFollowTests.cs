using OrleansHa.Client.Cli;
using OrleansHa.Connections;
using OrleansHa.EndToEnd.Tests.Infrastructure;
using OrleansHa.Roles;
using Spectre.Console;

namespace OrleansHa.EndToEnd.Tests;

/// <summary>
/// Which member a client sends writes to (<see cref="ProductionChoice.Choose"/>), and how the group's gateways are given
/// (<see cref="GroupMemberAddress.ParseList"/>, the CLI's <c>--group</c>, <c>ORLEANSHA_GROUP</c> and the config file).
/// </summary>
public sealed class ProductionFollowTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Choose_WhenOneMemberSaysItIsProduction_ChoosesIt()
    {
        var choice = ProductionChoice.Choose([Backup("BACKUP", 3, "PROD"), Production("PROD", 3)], home: "BACKUP");

        Assert.Equal("PROD", choice.SystemName);
        Assert.False(choice.Switching);
    }

    [Fact]
    public void Choose_WhenAFormerProductionStillClaimsTheRole_ChoosesTheHigherEpoch()
    {
        // After a failover: PROD came back without having learned epoch 2, BACKUP was promoted at epoch 2.
        var choice = ProductionChoice.Choose([Production("PROD", 1), Production("BACKUP", 2)], home: "PROD");

        Assert.Equal("BACKUP", choice.SystemName);
    }

    [Fact]
    public void Choose_WhenOnlyAStaleProductionClaimsTheRole_ChoosesNoneAndNamesTheNewerProduction()
    {
        // BACKUP knows epoch 4 with production NEWPROD (not listed, unreachable to the client until asked); PROD's claim at 3 is stale.
        var answers = new[] { Production("PROD", 3), new MemberGate("BACKUP", Gate("BACKUP", 4, SystemRole.Backup, HaGroupPhase.Steady, "NEWPROD", "10.0.0.9:30000")) };

        var choice = ProductionChoice.Choose(answers, home: "PROD");

        Assert.Null(choice.SystemName);
        Assert.False(choice.Switching);
        Assert.Equal(("NEWPROD", "10.0.0.9:30000"), choice.NamedElsewhere());
    }

    [Fact]
    public void Choose_WhenProductionIsSwitchingOver_ChoosesItAndSaysSwitching()
    {
        var choice = ProductionChoice.Choose([Gated("PROD", 5, SystemRole.Production, HaGroupPhase.SwitchingOver), Backup("BACKUP", 5, "PROD")], home: "PROD");

        Assert.Equal("PROD", choice.SystemName);
        Assert.True(choice.Switching);
    }

    [Fact]
    public void Choose_WhenNoMemberIsProductionButOneIsBeingPromoted_ChoosesNoneAndSaysSwitching()
    {
        var choice = ProductionChoice.Choose([Gated("BACKUP", 5, SystemRole.Backup, HaGroupPhase.Promoting), Unreachable("PROD")], home: "PROD");

        Assert.Null(choice.SystemName);
        Assert.True(choice.Switching);
    }

    [Fact]
    public void Choose_WhenTwoClaimTheSameEpoch_PrefersTheOneTakingWrites()
    {
        var choice = ProductionChoice.Choose([Gated("PROD", 2, SystemRole.Production, HaGroupPhase.SwitchingOver), Production("BACKUP", 2)], home: "PROD");

        Assert.Equal("BACKUP", choice.SystemName);
        Assert.False(choice.Switching);
    }

    [Fact]
    public void Choose_WhenAMemberAnswersAsAnotherSystem_DoesNotTakeItsClaim()
    {
        // The gateway listed for BACKUP answered with PROD's gate (a copied line in the group setting): its claim is not BACKUP's.
        var choice = ProductionChoice.Choose([new MemberGate("BACKUP", Gate("PROD", 2, SystemRole.Production, HaGroupPhase.Steady)), Backup("PROD", 2, "BACKUP")], home: "PROD");

        Assert.Null(choice.SystemName);
    }

    [Fact]
    public void Choose_WhenNoMemberIsInAGroup_ChoosesTheHomeSystem()
    {
        var choice = ProductionChoice.Choose([new MemberGate("PROD", RoleGate.Ungrouped("PROD")), new MemberGate("BACKUP", RoleGate.Ungrouped("BACKUP"))], home: "BACKUP");

        Assert.Equal("BACKUP", choice.SystemName);
        Assert.False(choice.Switching);
    }

    [Fact]
    public void Choose_WhenProductionDoesNotAnswer_ChoosesNoneAndSaysWhatEachAnswered()
    {
        var choice = ProductionChoice.Choose([Unreachable("PROD"), Backup("BACKUP", 1, "PROD")], home: "PROD");

        Assert.Null(choice.SystemName);
        Assert.False(choice.Switching);
        Assert.Contains("PROD: no answer (connection refused)", choice.Summary, StringComparison.Ordinal);
        Assert.Contains("BACKUP: backup, epoch 1, steady, production PROD", choice.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseList_WithSeveralSystemsAndGateways_GivesEachInOrder()
    {
        var group = GroupMemberAddress.ParseList(" PROD=10.0.0.1:30000, 10.0.0.2:30000 ; BACKUP=10.0.1.1:30000");

        Assert.Equal(["PROD", "BACKUP"], group.Select(m => m.SystemName));
        Assert.Equal(["10.0.0.1:30000", "10.0.0.2:30000"], group[0].Gateways);
        Assert.Equal("BACKUP=10.0.1.1:30000", group[1].ToString());
    }

    [Theory]
    [InlineData("PROD", "does not start with a system name")]
    [InlineData("=127.0.0.1:1", "does not start with a system name")]
    [InlineData("PROD=nowhere", "'nowhere' is not a gateway address")]
    [InlineData("PROD=127.0.0.1:1;PROD=127.0.0.1:2", "names PROD twice")]
    [InlineData(" ; ", "names no system")]
    public void ParseList_WhenAMemberIsBad_ThrowsNamingItAndWhatIsAllowed(string text, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => GroupMemberAddress.ParseList(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Null(error.ParamName);
    }

    [Fact]
    public void ResolveOptions_WithGroup_DefaultsTheSystemToItsFirstMemberAndTakesItsGateways()
    {
        var options = Resolve(["status", "--password", "s", "--group", "PROD=127.0.0.1:30000,127.0.0.1:30001;BACKUP=127.0.0.1:31000"]);

        Assert.Equal("PROD", options.SystemName);
        Assert.Equal(["127.0.0.1:30000", "127.0.0.1:30001"], options.Gateways);
        Assert.Equal(["PROD", "BACKUP"], options.Group.Select(m => m.SystemName));
    }

    [Fact]
    public void ResolveOptions_WithRepeatedGroupAndASystem_ReadsThatMembersGateways()
    {
        var options = Resolve(["status", "--password", "s", "--group", "PROD=127.0.0.1:30000", "--group", "BACKUP=127.0.0.1:31000", "--system", "BACKUP"]);

        Assert.Equal("BACKUP", options.SystemName);
        Assert.Equal(["127.0.0.1:31000"], options.Gateways);
        Assert.Equal(2, options.Group.Count);
    }

    [Fact]
    public void ResolveOptions_WithGroupFromTheEnvironmentOrTheConfigFile_ReadsTheSameSyntax()
    {
        var file = Path.Combine(_folder.Path, "client.json");
        File.WriteAllText(file, """{ "password": "s", "group": "PROD=127.0.0.1:30000;BACKUP=127.0.0.1:31000" }""");

        Assert.Equal(["A", "B"], Resolve(["status", "--password", "s"], ("ORLEANSHA_GROUP", "A=127.0.0.1:1;B=127.0.0.1:2")).Group.Select(m => m.SystemName));
        Assert.Equal(["PROD", "BACKUP"], Resolve(["status", "--config", file]).Group.Select(m => m.SystemName));
        Assert.Empty(Resolve(["status", "--password", "s"]).Group);
    }

    [Fact]
    public void ResolveOptions_WithABadGroup_ThrowsNamingTheSetting()
    {
        var error = Assert.Throws<CliSettingException>(() => Resolve(["status", "--password", "s", "--group", "PROD=127.0.0.1:30000;BACKUP"]));

        Assert.Contains("'BACKUP'", error.Message, StringComparison.Ordinal);
        Assert.Contains("--group, ORLEANSHA_GROUP", error.Message, StringComparison.Ordinal);
    }

    private static SystemConnectionOptions Resolve(string[] arguments, params (string Name, string Value)[] environment)
    {
        var variables = environment.ToDictionary(v => v.Name, v => (string?)v.Value);
        var context = new CliContext(AnsiConsole.Console, TextWriter.Null, name => variables.GetValueOrDefault(name), TextReader.Null);
        return context.ResolveOptions(CliApp.CreateRootCommand(context).Parse(arguments));
    }

    private static MemberGate Production(string system, long epoch) => Gated(system, epoch, SystemRole.Production, HaGroupPhase.Steady);

    private static MemberGate Backup(string system, long epoch, string production) => new(system, Gate(system, epoch, SystemRole.Backup, HaGroupPhase.Steady, production));

    private static MemberGate Gated(string system, long epoch, SystemRole role, HaGroupPhase phase) => new(system, Gate(system, epoch, role, phase, role == SystemRole.Production ? system : "PROD"));

    private static MemberGate Unreachable(string system) => new(system, null, "connection refused");

    private static RoleGate Gate(string system, long epoch, SystemRole role, HaGroupPhase phase, string? production = null, string? productionGateway = null)
        => new(system, epoch, role, phase, production ?? system, productionGateway);
}
