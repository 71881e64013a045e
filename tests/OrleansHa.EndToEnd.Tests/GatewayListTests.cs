using OrleansHa.Client.Cli;
using OrleansHa.Client.Commands;
using OrleansHa.Connections;
using OrleansHa.EndToEnd.Tests.Infrastructure;
using Spectre.Console;

namespace OrleansHa.EndToEnd.Tests;

/// <summary>Gateway lists (<c>host:port,host:port</c>) as the CLI, the client library and the remote-system clients take them.</summary>
public sealed class GatewayListTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void ParseList_WithSeveralGateways_GivesEachTrimmedInOrder()
    {
        Assert.Equal(["10.0.0.1:30000", "prod-2:30001", "[::1]:30002"], GatewayAddress.ParseList(" 10.0.0.1:30000, prod-2:30001 ,[::1]:30002"));
    }

    [Theory]
    [InlineData("10.0.0.1:30000,nowhere", "'nowhere'")]
    [InlineData("10.0.0.1:30000,10.0.0.2:0", "'10.0.0.2:0'")]
    [InlineData("10.0.0.1:30000;10.0.0.2:30000", "'10.0.0.1:30000;10.0.0.2:30000'")]
    [InlineData(" , ", "empty")]
    [InlineData("10.0.0.1:30000,10.0.0.1:30000", "twice")]
    public void ParseList_WithABadList_ThrowsNamingTheProblem(string text, string named)
    {
        var error = Assert.Throws<ArgumentException>(() => GatewayAddress.ParseList(text));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a:1,b:2")]
    [InlineData("::1:30000")]
    [InlineData(":30000")]
    public void Parse_WithAListOrAnUnbracketedColonInTheHost_Throws(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => GatewayAddress.Parse(text));

        Assert.Contains("host:port", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenTheOptionsNameAGatewayTwice_ThrowsSayingSo()
    {
        var options = new SystemConnectionOptions { Secret = "s", Gateways = ["127.0.0.1:30000", "127.0.0.1:30000"] };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveOptions_WithAListInTheEnvironmentOrTheConfigFile_GivesEachGateway()
    {
        var file = Path.Combine(_folder.Path, "client.json");
        File.WriteAllText(file, """{ "gateway": "10.0.0.1:30000,10.0.0.2:30000", "password": "s" }""");

        Assert.Equal(["10.0.0.3:30000", "10.0.0.4:30000"], Resolve(["status", "--config", file], ("ORLEANSHA_GATEWAY", "10.0.0.3:30000,10.0.0.4:30000")).Gateways);
        Assert.Equal(["10.0.0.1:30000", "10.0.0.2:30000"], Resolve(["status", "--config", file]).Gateways);
    }

    [Fact]
    public void ResolveOptions_WhenTheListNamesAGatewayTwice_ThrowsSayingSoAndWhereItCameFrom()
    {
        var error = Assert.Throws<CliSettingException>(() => Resolve(["status", "--password", "s"], ("ORLEANSHA_GATEWAY", "10.0.0.1:30000,10.0.0.1:30000")));

        Assert.Contains("twice", error.Message, StringComparison.Ordinal);
        Assert.Contains("ORLEANSHA_GATEWAY", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseReceiver_WithSeveralGatewaysBetweenNameAndCredential_KeepsThemAsOneList()
    {
        var receiver = JournalCommands.ParseReceiver("BACKUP, 10.0.0.2:30000, 10.0.0.3:30000 ,backup-admin");

        Assert.Equal("BACKUP", receiver.SystemName);
        Assert.Equal("10.0.0.2:30000,10.0.0.3:30000", receiver.Gateway);
        Assert.Equal("backup-admin", receiver.CredentialName);
    }

    [Theory]
    [InlineData("BACKUP,10.0.0.2:30000,nowhere,backup-admin", "'nowhere'")]
    [InlineData("BACKUP,backup-admin", "NAME,host:port,credential")]
    [InlineData("BACKUP,10.0.0.2:30000,10.0.0.2:30000,backup-admin", "twice")]
    public void ParseReceiver_WithABadGatewayList_ThrowsNamingIt(string text, string named)
    {
        var error = Assert.Throws<ArgumentException>(() => JournalCommands.ParseReceiver(text));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DestinationAdd_WithABadGatewayInTheSiloList_IsRefusedBeforeConnectingNamingIt()
    {
        var context = new CliContext(AnsiConsole.Console, TextWriter.Null, _ => null);
        var errors = CliApp.CreateRootCommand(context).Parse(["destination", "add", "BACKUP", "--silo", "10.0.0.2:30000,nowhere", "--remote-system", "BACKUP"]).Errors;

        var error = Assert.Single(errors).Message;
        Assert.StartsWith("--silo: ", error, StringComparison.Ordinal);
        Assert.Contains("'nowhere'", error, StringComparison.Ordinal);
    }

    private SystemConnectionOptions Resolve(string[] arguments, params (string Name, string Value)[] environment)
    {
        var variables = environment.ToDictionary(e => e.Name, e => (string?)e.Value);
        var context = new CliContext(AnsiConsole.Console, TextWriter.Null, name => variables.GetValueOrDefault(name));
        return context.ResolveOptions(CliApp.CreateRootCommand(context).Parse(arguments));
    }
}
