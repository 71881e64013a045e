using System.Text.Json;
using OrleansHa.Connections;
using OrleansHa.EndToEnd.Tests.Infrastructure;
using OrleansHa.Journals;
using OrleansHa.Systems;

namespace OrleansHa.EndToEnd.Tests;

/// <summary>
/// <c>journal append</c> run as its own process against a silo process: a bad line appends nothing, a rerun with
/// another batch size appends exactly what is missing, and <c>--json</c> writes JSON alone.
/// </summary>
public sealed class JournalAppendCliTests(SiloFixture fixture) : IClassFixture<SiloFixture>, IAsyncLifetime
{
    // A receiving system nobody runs: entries wait for it, so the queue limit counts them.
    private static readonly RemoteSystemAddress Nowhere = new("NOWHERE", "127.0.0.1:9", "nowhere");
    private readonly TempFolder _folder = new();
    private SystemConnection _admin = null!;

    public async Task InitializeAsync() => _admin = await fixture.ConnectAsync();

    public async Task DisposeAsync()
    {
        await _admin.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Append_WhenALineInTheMiddleIsBad_AppendsNothingAndNamesTheLineOnOneLine()
    {
        var journal = await DefineAsync("badline", queueLimit: null);
        string[] lines = [Put(1), Put(2), Put(3), "{\"op\":\"put\",\"key\":\"k4\",\"ts\":\"not a time\",\"fields\":{}}", Put(5), Put(6), Put(7)];
        var file = await WriteAsync("badline.jsonl", lines);

        var append = await AdminAsync("journal", "append", "badline", "--file", file, "--batch", "2");

        Assert.Equal(2, append.ExitCode);
        var error = Assert.Single(append.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("orleansha: badline.jsonl line 4: \"ts\"", error, StringComparison.Ordinal);
        Assert.Contains("Nothing was appended", error, StringComparison.Ordinal);
        Assert.Equal(0, (await journal.GetStatusAsync()).LastSequence);
    }

    [Fact]
    public async Task Append_WhenRerunWithAnotherBatchAndTheSameRequestId_AppendsExactlyTheMissingChanges()
    {
        // A receiver that never answers and a queue limit of 5: the first run stores 4 of 8 changes and is refused.
        var journal = await DefineAsync("rerun", queueLimit: 5);
        var file = await WriteAsync("rerun.jsonl", [.. Enumerable.Range(1, 8).Select(Put)]);

        var first = await AdminAsync("journal", "append", "rerun", "--file", file, "--batch", "2", "--request-id", "load", "--json");
        await DefineAsync("rerun", queueLimit: 100);
        var second = await AdminAsync("journal", "append", "rerun", "--file", file, "--batch", "3", "--request-id", "load", "--json");

        Assert.Equal(3, first.ExitCode);
        Assert.Equal((8L, 4L, 4L), Totals(first.Output, "changes", "appended", "not appended"));
        Assert.True(second.ExitCode == 0, second.Error);
        Assert.Equal((4L, 4L, 0L), Totals(second.Output, "appended", "already appended", "not appended"));
        Assert.Equal(8, (await journal.GetStatusAsync()).LastSequence);
        foreach (var n in Enumerable.Range(1, 8))
        {
            Assert.Single(await journal.GetHistoryAsync($"k{n}", 10));
        }
    }

    [Fact]
    public async Task Append_WithJson_WritesOnlyJsonToStandardOutput()
    {
        await DefineAsync("json", queueLimit: null);
        var file = await WriteAsync("json.jsonl", [Put(1), Put(2), Put(3)]);

        var append = await AdminAsync("journal", "append", "json", "--file", file, "--batch", "1", "--json");

        Assert.True(append.ExitCode == 0, append.Error);
        using var json = JsonDocument.Parse(append.Output);
        Assert.Equal(3, json.RootElement[0].GetProperty("journaled").GetInt64());
    }

    // The connection defines and checks; every change goes through the CLI.
    private async Task<IJournalGrain> DefineAsync(string name, long? queueLimit)
    {
        var journal = _admin.Client.GetGrain<IJournalGrain>(name);
        await journal.DefineAsync(new JournalDefinition(queueLimit is null ? [] : [Nowhere], [], queueLimit ?? JournalDefinition.DefaultQueueLimit));
        return journal;
    }

    private async Task<string> WriteAsync(string name, string[] lines)
    {
        var path = Path.Combine(_folder.Path, name);
        await File.WriteAllLinesAsync(path, lines);
        return path;
    }

    private static string Put(int n) => $"{{\"op\":\"put\",\"key\":\"k{n}\",\"ts\":\"2026-11-21T08:00:{n:D2}Z\",\"fields\":{{\"n\":\"{n}\"}}}}";

    private static (long, long, long) Totals(string output, string a, string b, string c)
    {
        using var json = JsonDocument.Parse(output);
        var row = json.RootElement[0];
        return (row.GetProperty(a).GetInt64(), row.GetProperty(b).GetInt64(), row.GetProperty(c).GetInt64());
    }

    private Task<(int ExitCode, string Output, string Error)> AdminAsync(params string[] arguments)
        => CliProcess.RunAsync(null, [.. arguments, "--system", fixture.Silo.SystemName, "--gateway", fixture.Silo.Gateway, "--password", SiloProcess.DefaultSecret]);
}
