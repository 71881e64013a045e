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
        var file = WriteConfig("""{ "gateway": "file-host:1", "user": "file-user", "password": "file-secret", "tls": true }""");
        var environment = new Dictionary<string, string?> { ["ORLEANSHA_CONFIG"] = file, ["ORLEANSHA_USER"] = "env-user" };
        var context = new CliContext(AnsiConsole.Console, TextWriter.Null, name => environment.GetValueOrDefault(name));
        var parse = CliApp.CreateRootCommand(context).Parse(["status", "--gateway", "flag-host:2"]);

        var options = context.ResolveOptions(parse);

        Assert.Equal("flag-host:2", options.Gateway);
        Assert.Equal("env-user", options.User);
        Assert.Equal("file-secret", options.Secret);
        Assert.True(options.UseTls);
    }

    [Fact]
    public void ResolveOptions_WithoutPasswordAnywhere_ThrowsNamingWhereToGiveIt()
    {
        var context = new CliContext(AnsiConsole.Console, TextWriter.Null, _ => null);
        var parse = CliApp.CreateRootCommand(context).Parse(["status", "--config", WriteConfig("""{ "gateway": "h:1" }""")]);

        var error = Assert.Throws<CliSettingException>(() => context.ResolveOptions(parse));

        Assert.Contains("--password", error.Message, StringComparison.Ordinal);
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

    private string WriteConfig(string json)
    {
        var path = Path.Combine(_folder.Path, Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, json);
        return path;
    }
}
