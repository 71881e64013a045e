using OrleansHa.Client.Cli;
using Spectre.Console;

namespace OrleansHa.EndToEnd.Tests;

/// <summary>'destination add/update' refuse a missing or doubled transport before connecting to any silo.</summary>
public sealed class DestinationCommandTests
{
    [Theory]
    [InlineData("add", "neither --local nor --silo")]
    [InlineData("add", "both given", "--local", "/srv/backup", "--silo", "127.0.0.1:31000")]
    [InlineData("update", "both given", "--local", "/srv/backup", "--silo", "127.0.0.1:31000")]
    public void Parse_WhenTransportIsMissingOrDoubled_ErrorNamesTheTransportAndWhatIsAllowed(string verb, string problem, params string[] options)
    {
        var errors = Parse(["destination", verb, "BACKUP", .. options]);

        var error = Assert.Single(errors);
        Assert.StartsWith("transport: ", error, StringComparison.Ordinal);
        Assert.Contains(problem, error, StringComparison.Ordinal);
        Assert.Contains("allowed: --local DIRECTORY", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("add", "--local", "/srv/backup")]
    [InlineData("add", "--silo", "127.0.0.1:31000", "--remote-system", "BACKUP")]
    [InlineData("update", "--queue-limit", "5")]
    public void Parse_WhenOneTransportOrAnUpdateWithout_HasNoErrors(string verb, params string[] options)
    {
        Assert.Empty(Parse(["destination", verb, "BACKUP", .. options]));
    }

    private static List<string> Parse(string[] arguments)
    {
        var context = new CliContext(AnsiConsole.Console, TextWriter.Null, _ => null);
        return [.. CliApp.CreateRootCommand(context).Parse(arguments).Errors.Select(e => e.Message)];
    }
}
