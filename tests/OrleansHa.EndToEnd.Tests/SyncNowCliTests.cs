using System.Text.Json;
using OrleansHa.EndToEnd.Tests.Infrastructure;
using OrleansHa.Monitoring;
using OrleansHa.Status;
using OrleansHa.Workers;

namespace OrleansHa.EndToEnd.Tests;

/// <summary>
/// 'sync now' waits for the run it queued, by its id, and prints that run's report (issue 10, item 5); a destination
/// in use is removed only with --force, and a 'sync now' waiting on it then ends with a message (item 6).
/// </summary>
public sealed class SyncNowCliTests(SiloFixture fixture) : IClassFixture<SiloFixture>, IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task SyncNow_TwiceInARow_TheSecondPrintsItsOwnRunNotThePreviousOne()
    {
        var (docs, _) = await DefineAsync("SNBACKUP", "docs");
        foreach (var name in new[] { "a.txt", "b.txt", "c.txt" })
        {
            await File.WriteAllTextAsync(Path.Combine(docs, name), name);
        }

        var first = await AsUserAsync("sync", "now", "docs", "--json");
        await File.WriteAllTextAsync(Path.Combine(docs, "d.txt"), "d");
        // The second run waits for the destination: before, the command printed the first run's report (still the
        // worker's last run) at once, as its own.
        Assert.Equal(0, (await AdminAsync("destination", "disable", "SNBACKUP")).ExitCode);
        var waiting = AsUserAsync("sync", "now", "docs", "--json");
        await WaitUntilQueuedAsync("SNBACKUP");
        Assert.Equal(0, (await AdminAsync("destination", "enable", "SNBACKUP")).ExitCode);
        var second = await waiting;

        Assert.True(first.ExitCode == 0, first.Output + first.Error);
        Assert.True(second.ExitCode == 0, second.Output + second.Error);
        var (firstCopied, firstRun) = SingleRow(first.Output);
        var (secondCopied, secondRun) = SingleRow(second.Output);
        Assert.Equal(3, firstCopied);
        Assert.Equal(1, secondCopied);
        // --json prints the JSON alone: no progress line (one showed while the run waited).
        Assert.True(second.Output.TrimStart().StartsWith('['), second.Output);
        Assert.NotNull(firstRun);
        Assert.NotEqual(firstRun, secondRun);
    }

    [Fact]
    public async Task DestinationRemove_WhileUsed_IsRefusedThenForceSuspendsAndAWaitingSyncNowEndsWithAMessage()
    {
        await DefineAsync("SNGONE", "photos");
        Assert.Equal(0, (await AdminAsync("destination", "disable", "SNGONE")).ExitCode);
        var waiting = AsUserAsync("sync", "now", "photos", "--json");
        await WaitUntilQueuedAsync("SNGONE");

        var refused = await AdminAsync("destination", "remove", "SNGONE");
        var forced = await AdminAsync("destination", "remove", "SNGONE", "--force");
        var ended = await waiting;

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("SNGONE is used by file set(s) alice/photos", refused.Error, StringComparison.Ordinal);
        Assert.True(forced.ExitCode == 0, forced.Output + forced.Error);
        Assert.Contains("Suspended file set alice/photos", forced.Output, StringComparison.Ordinal);
        Assert.Contains("Removed destination SNGONE", forced.Output, StringComparison.Ordinal);
        Assert.Equal(1, ended.ExitCode);
        Assert.Contains("ended without a report", ended.Output, StringComparison.Ordinal);
    }

    /// <summary>Waits until alice's worker for <paramref name="destination"/> holds a queued run.</summary>
    private async Task WaitUntilQueuedAsync(string destination)
    {
        await using var admin = await fixture.ConnectAsync();
        var status = admin.Client.GetGrain<IStatusGrain>(RegistryKeys.System);
        await Eventually.ResultAsync(
            async () => (await status.GetWorkerAsync(WorkerKey.Format(SiloFixture.UserName, destination, "default"))).Queue.Count > 0 ? "queued" : null,
            TimeSpan.FromSeconds(30));
    }

    private static (long Copied, string? Run) SingleRow(string json)
    {
        using var document = JsonDocument.Parse(json[json.IndexOf('[', StringComparison.Ordinal)..]);
        var row = Assert.Single(document.RootElement.EnumerateArray().ToList());
        Assert.Equal("Succeeded", row.GetProperty("outcome").GetString());
        return (row.GetProperty("copied").GetInt64(), row.TryGetProperty("run", out var run) ? run.GetString() : null);
    }

    /// <summary>Defines alice (once), a local destination and a file set of hers on it; returns its source and the destination's directory.</summary>
    private async Task<(string Source, string Backup)> DefineAsync(string destination, string fileSet)
    {
        var home = Directory.CreateDirectory(Path.Combine(_folder.Path, "home", SiloFixture.UserName)).FullName;
        var source = Directory.CreateDirectory(Path.Combine(home, fileSet)).FullName;
        var backup = Directory.CreateDirectory(Path.Combine(_folder.Path, destination)).FullName;
        // Each test has a folder of its own; the user the class's silo keeps gets this test's root.
        var user = await AdminAsync("user", "add", SiloFixture.UserName, "--uid", "0", "--gid", "0", "--root", Path.Combine(_folder.Path, "home"));
        if (user.ExitCode != 0)
        {
            user = await AdminAsync("user", "update", SiloFixture.UserName, "--root", Path.Combine(_folder.Path, "home"));
        }

        Assert.True(user.ExitCode == 0, user.Output + user.Error);
        var added = await AdminAsync("destination", "add", destination, "--local", backup);
        Assert.True(added.ExitCode == 0, added.Output + added.Error);
        var defined = await AsUserAsync("fileset", "add", fileSet, "--source", source, "--dest", $"{destination}:{fileSet}");
        Assert.True(defined.ExitCode == 0, defined.Output + defined.Error);
        return (source, backup);
    }

    private Task<(int ExitCode, string Output, string Error)> AdminAsync(params string[] arguments)
        => CliProcess.RunAsync(null, [.. arguments, "--system", fixture.Silo.SystemName, "--gateway", fixture.Silo.Gateway, "--password", SiloProcess.DefaultSecret]);

    private Task<(int ExitCode, string Output, string Error)> AsUserAsync(params string[] arguments)
        => CliProcess.RunAsync(null, [.. arguments, "--system", fixture.Silo.SystemName, "--gateway", fixture.Silo.Gateway, "--user", SiloFixture.UserName, "--password", SiloFixture.UserSecret]);
}
