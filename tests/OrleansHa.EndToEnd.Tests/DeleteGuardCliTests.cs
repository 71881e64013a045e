using System.Text.Json;
using OrleansHa.EndToEnd.Tests.Infrastructure;

namespace OrleansHa.EndToEnd.Tests;

/// <summary>
/// The delete guard end to end (issue 11, items 3 and 6), on a real silo process through the CLI: a mirroring file set
/// whose source was emptied is refused before anything at the target changes, STATUS shows the worker needing an
/// operator, and 'sync now --allow-mass-delete' lets that one run through. Needs the engine's check (SyncEngine throws
/// MassDeleteRefusedException), not a test double.
/// </summary>
public sealed class DeleteGuardCliTests(SiloFixture fixture) : IClassFixture<SiloFixture>, IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task SyncNow_WhenTheSourceWasEmptied_IsRefusedLeavesTheTargetAndAllowMassDeleteLetsItThrough()
    {
        var home = Directory.CreateDirectory(Path.Combine(_folder.Path, "home", SiloFixture.UserName)).FullName;
        var source = Directory.CreateDirectory(Path.Combine(home, "ledger")).FullName;
        var backup = Directory.CreateDirectory(Path.Combine(_folder.Path, "DGBACKUP")).FullName;
        string[] names = ["a.csv", "b.csv", "c.csv"];
        foreach (var name in names)
        {
            await File.WriteAllTextAsync(Path.Combine(source, name), name);
        }

        await Ok(AdminAsync("user", "add", SiloFixture.UserName, "--uid", "0", "--gid", "0", "--root", Path.Combine(_folder.Path, "home")));
        await Ok(AdminAsync("destination", "add", "DGBACKUP", "--local", backup));
        await Ok(AsUserAsync("fileset", "add", "ledger", "--source", source, "--dest", "DGBACKUP:ledger", "--mirror-deletes", "true"));
        var shown = await Ok(AsUserAsync("fileset", "show", "ledger", "--json"));
        await Ok(AsUserAsync("sync", "now", "ledger", "--json"));
        var target = Path.Combine(backup, SiloFixture.UserName, "ledger");

        // The share the source was on is "unmounted": every file is gone.
        foreach (var name in names)
        {
            File.Delete(Path.Combine(source, name));
        }

        var refused = await AsUserAsync("sync", "now", "ledger", "--json");
        var status = await Ok(AdminAsync("sync", "status", "--json"));
        var leftAlone = names.All(n => File.Exists(Path.Combine(target, n)));
        var allowed = await AsUserAsync("sync", "now", "ledger", "--allow-mass-delete", "--json");
        var after = await Ok(AdminAsync("sync", "status", "--json", "--all"));

        Assert.Contains("more than 50% and 1000 file(s), or all", shown, StringComparison.Ordinal);
        Assert.True(refused.ExitCode == 1, refused.Output + refused.Error);
        var refusedRow = Row(refused.Output);
        Assert.Equal("Refused", refusedRow.GetProperty("outcome").GetString());
        Assert.Contains("--allow-mass-delete", refusedRow.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.True(leftAlone, "the refused run changed the target");
        Assert.Contains("\"NeedsOperator\"", status, StringComparison.Ordinal);
        Assert.Contains("\"needs operator\": 1", status, StringComparison.Ordinal);
        Assert.True(allowed.ExitCode == 0, allowed.Output + allowed.Error);
        var allowedRow = Row(allowed.Output);
        Assert.Equal("Succeeded", allowedRow.GetProperty("outcome").GetString());
        Assert.Equal(3, allowedRow.GetProperty("deleted").GetInt64());
        Assert.Empty(Directory.EnumerateFileSystemEntries(target));
        Assert.DoesNotContain("\"NeedsOperator\"", after, StringComparison.Ordinal);
    }

    private static JsonElement Row(string json)
    {
        using var document = JsonDocument.Parse(json[json.IndexOf('[', StringComparison.Ordinal)..]);
        return Assert.Single(document.RootElement.EnumerateArray().ToList()).Clone();
    }

    private static async Task<string> Ok(Task<(int ExitCode, string Output, string Error)> command)
    {
        var (exitCode, output, error) = await command;
        Assert.True(exitCode == 0, output + error);
        return output;
    }

    private Task<(int ExitCode, string Output, string Error)> AdminAsync(params string[] arguments)
        => CliProcess.RunAsync(null, [.. arguments, "--system", fixture.Silo.SystemName, "--gateway", fixture.Silo.Gateway, "--password", SiloProcess.DefaultSecret]);

    private Task<(int ExitCode, string Output, string Error)> AsUserAsync(params string[] arguments)
        => CliProcess.RunAsync(null, [.. arguments, "--system", fixture.Silo.SystemName, "--gateway", fixture.Silo.Gateway, "--user", SiloFixture.UserName, "--password", SiloFixture.UserSecret]);
}
