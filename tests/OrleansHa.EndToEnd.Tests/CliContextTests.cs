using System.Text.Json;
using OrleansHa.Client.Cli;
using OrleansHa.EndToEnd.Tests.Infrastructure;
using Spectre.Console;

namespace OrleansHa.EndToEnd.Tests;

/// <summary>How the client resolves its settings (flags, then environment, then config file) and writes tables.</summary>
public sealed class CliContextTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void ResolveOptions_WhenFlagEnvironmentAndFileDisagree_FlagThenEnvironmentThenFileWin()
    {
        var file = WriteConfig("""{ "system": "FILE", "gateway": "file-host:1", "user": "file-user", "password": "file-secret", "tls": true }""");
        var environment = new Dictionary<string, string?> { ["ORLEANSHA_CONFIG"] = file, ["ORLEANSHA_USER"] = "env-user", ["ORLEANSHA_SYSTEM"] = "ENV" };
        var context = new CliContext(AnsiConsole.Console, TextWriter.Null, name => environment.GetValueOrDefault(name));
        var parse = CliApp.CreateRootCommand(context).Parse(["status", "--gateway", "flag-host:2", "--system", "FLAG"]);

        var options = context.ResolveOptions(parse);

        Assert.Equal(["flag-host:2"], options.Gateways);
        Assert.Equal("FLAG", options.SystemName);
        Assert.Equal("env-user", options.User);
        Assert.Equal("file-secret", options.Secret);
        Assert.True(options.UseTls);
    }

    [Fact]
    public void ResolveOptions_WhenSystemIsNotGiven_EnvironmentThenFileThenLocal()
    {
        var file = WriteConfig("""{ "system": "FILE", "password": "s" }""");

        Assert.Equal("ENV", Resolve(["status", "--config", file], ("ORLEANSHA_SYSTEM", "ENV")).SystemName);
        Assert.Equal("FILE", Resolve(["status", "--config", file]).SystemName);
        Assert.Equal("LOCAL", Resolve(["status", "--password", "s"]).SystemName);
    }

    [Fact]
    public void ResolveOptions_WithCommaSeparatedGateways_GivesEachInOrder()
    {
        var options = Resolve(["status", "--password", "s", "--gateway", "10.0.0.1:30000, 10.0.0.2:30001"]);

        Assert.Equal(["10.0.0.1:30000", "10.0.0.2:30001"], options.Gateways);
    }

    [Fact]
    public void ResolveOptions_WithABadGatewayInTheList_ThrowsNamingItAndWhatIsAllowed()
    {
        var error = Assert.Throws<CliSettingException>(() => Resolve(["status", "--password", "s", "--gateway", "10.0.0.1:30000,nowhere"]));

        Assert.Contains("'nowhere'", error.Message, StringComparison.Ordinal);
        Assert.Contains("host:port", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveOptions_WithPasswordFile_ReadsItsFirstLine()
    {
        var secretFile = Path.Combine(_folder.Path, "secret");
        File.WriteAllText(secretFile, "from-a-file\nignored\n");

        Assert.Equal("from-a-file", Resolve(["status", "--password-file", secretFile]).Secret);
        Assert.Equal("from-a-file", Resolve(["status"], ("ORLEANSHA_PASSWORD_FILE", secretFile)).Secret);
    }

    [Fact]
    public void ResolveOptions_WithPasswordFileDash_ReadsStandardInputOnce()
    {
        var context = new CliContext(AnsiConsole.Console, TextWriter.Null, _ => null, new StringReader("from-stdin\n"));
        var parse = CliApp.CreateRootCommand(context).Parse(["status", "--password-file", "-"]);

        var first = context.ResolveOptions(parse);
        var second = context.ResolveOptions(parse);

        Assert.Equal("from-stdin", first.Secret);
        Assert.Same(first, second);
    }

    [Fact]
    public void ResolveOptions_WithPasswordAndPasswordFile_ThrowsSayingOneWayOnly()
    {
        var error = Assert.Throws<CliSettingException>(() => Resolve(["status", "--password", "s", "--password-file", "-"]));

        Assert.Contains("--password and --password-file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveOptions_WithClientCertificate_UsesMutualTlsAndItsPassword()
    {
        var certificate = Path.Combine(_folder.Path, "client.pfx");
        File.WriteAllBytes(certificate, [0]);

        var options = Resolve(["status", "--password", "s", "--tls-client-certificate", certificate, "--tls-client-certificate-password", "pfx-secret"]);

        Assert.True(options.UseTls);
        Assert.Equal(certificate, options.ClientCertificateFile);
        Assert.Equal("pfx-secret", options.ClientCertificatePassword);
    }

    [Fact]
    public async Task RunAsync_WhenNoGatewayAnswers_ExitsOneNamingTheSystemAndAddress()
    {
        var gateway = $"127.0.0.1:{SiloProcess.FreePort()}";
        var error = new StringWriter();

        var exitCode = await CliApp.RunAsync(["ping", "--system", "NOWHERE", "--gateway", gateway, "--password", "s"], AnsiConsole.Console, TextWriter.Null, error, CancellationToken.None, _ => null);

        Assert.Equal(1, exitCode);
        Assert.Contains($"System NOWHERE did not answer at {gateway}", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveOptions_WithoutPasswordAnywhere_ThrowsNamingWhereToGiveIt()
    {
        var context = new CliContext(AnsiConsole.Console, TextWriter.Null, _ => null);
        var parse = CliApp.CreateRootCommand(context).Parse(["status", "--config", WriteConfig("""{ "gateway": "h:1" }""")]);

        var error = Assert.Throws<CliSettingException>(() => context.ResolveOptions(parse));

        Assert.Contains("--password", error.Message, StringComparison.Ordinal);
        Assert.Contains("--password-file", error.Message, StringComparison.Ordinal);
        Assert.Contains("ORLEANSHA_PASSWORD", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveOptions_WithMissingConfigFile_ThrowsNamingTheFile()
    {
        var context = new CliContext(AnsiConsole.Console, TextWriter.Null, _ => null);
        var missing = Path.Combine(_folder.Path, "absent.json");
        var parse = CliApp.CreateRootCommand(context).Parse(["status", "--config", missing]);

        var error = Assert.Throws<CliSettingException>(() => context.ResolveOptions(parse));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteTable_WithJson_WritesOneObjectPerRowKeyedByHeader()
    {
        var output = new StringWriter();
        var context = new CliContext(AnsiConsole.Console, output, _ => null);
        var parse = CliApp.CreateRootCommand(context).Parse(["status", "--json"]);

        context.WriteTable(parse, [("PROD", 3), ("BACKUP", 0)], ("system", r => r.Item1), ("workers", r => r.Item2));

        using var json = JsonDocument.Parse(output.ToString());
        Assert.Equal(2, json.RootElement.GetArrayLength());
        Assert.Equal("BACKUP", json.RootElement[1].GetProperty("system").GetString());
        Assert.Equal(3, json.RootElement[0].GetProperty("workers").GetInt32());
    }

    [Fact]
    public void WriteTable_WithoutJson_DrawsATableWithTheHeaders()
    {
        var screen = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(screen), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        var context = new CliContext(console, TextWriter.Null, _ => null);
        var parse = CliApp.CreateRootCommand(context).Parse(["status"]);

        context.WriteTable(parse, [("PROD", 3)], ("system", r => r.Item1), ("workers", r => r.Item2));

        Assert.Contains("system", screen.ToString(), StringComparison.Ordinal);
        Assert.Contains("PROD", screen.ToString(), StringComparison.Ordinal);
    }

    private static OrleansHa.Connections.SystemConnectionOptions Resolve(string[] arguments, params (string Name, string Value)[] environment)
    {
        var variables = environment.ToDictionary(v => v.Name, v => (string?)v.Value);
        var context = new CliContext(AnsiConsole.Console, TextWriter.Null, name => variables.GetValueOrDefault(name), TextReader.Null);
        return context.ResolveOptions(CliApp.CreateRootCommand(context).Parse(arguments));
    }

    private string WriteConfig(string json)
    {
        var path = Path.Combine(_folder.Path, Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, json);
        return path;
    }
}
