using System.Text.Json;
using OrleansHa.EndToEnd.Tests.Infrastructure;

namespace OrleansHa.EndToEnd.Tests;

/// <summary>The client's user, destination, fileset, sync, activity and config commands against a silo process.</summary>
public sealed class MonitorCliTests(SiloFixture fixture) : IClassFixture<SiloFixture>, IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Walkthrough_AsAdministratorAndAsUser_DefinesRunsAndRefusesWithClearErrors()
    {
        var home = Directory.CreateDirectory(Path.Combine(_folder.Path, "home", SiloFixture.UserName)).FullName;
        var docs = Directory.CreateDirectory(Path.Combine(home, "docs")).FullName;
        await File.WriteAllTextAsync(Path.Combine(docs, "note.txt"), "note");
        var backup = Directory.CreateDirectory(Path.Combine(_folder.Path, "backup")).FullName;

        var user = await AdminAsync("user", "add", SiloFixture.UserName, "--uid", "0", "--gid", "0", "--max-priority", "4", "--root", home);
        var destination = await AdminAsync("destination", "add", "CLIBACKUP", "--local", backup);
        var tooHigh = await AsUserAsync("fileset", "add", "docs", "--source", docs, "--dest", "CLIBACKUP:docs", "--priority", "8");
        var fileSet = await AsUserAsync("fileset", "add", "docs", "--source", docs, "--dest", "CLIBACKUP:docs", "--priority", "2");
        var run = await AsUserAsync("sync", "now", "docs", "--json");
        var activity = await AsUserAsync("activity", "--json");
        var everyonesActivity = await AdminAsync("activity", "--json");
        var users = await AdminAsync("user", "list", "--json");
        var forbidden = await AsUserAsync("user", "add", "mallory", "--root", "/");
        var export = await AdminAsync("config", "export");

        Assert.Equal(0, user.ExitCode);
        Assert.Equal(0, destination.ExitCode);
        Assert.Equal(1, tooHigh.ExitCode);
        Assert.Contains("priority: 8 is above alice's maximum 4; allowed: 0..4", tooHigh.Error, StringComparison.Ordinal);
        Assert.Equal(0, fileSet.ExitCode);
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        // A local destination gives each user a folder of their own: the target path resolves under <directory>/<user>/.
        Assert.Equal("note", await File.ReadAllTextAsync(Path.Combine(backup, "alice", "docs", "note.txt")));
        using (var json = JsonDocument.Parse(activity.Output))
        {
            Assert.Equal("alice/docs", json.RootElement[0].GetProperty("file set").GetString());
        }

        using (var json = JsonDocument.Parse(everyonesActivity.Output))
        {
            Assert.Contains(json.RootElement.EnumerateArray(), r => r.GetProperty("file set").GetString() == "alice/docs");
        }

        using (var json = JsonDocument.Parse(users.Output))
        {
            Assert.Contains(json.RootElement.EnumerateArray(), u => u.GetProperty("name").GetString() == SiloFixture.UserName);
        }

        Assert.Equal(1, forbidden.ExitCode);
        Assert.Contains("user alice may not define users", forbidden.Error, StringComparison.Ordinal);
        Assert.Contains("\"format\": \"orleansha-settings\"", export.Output, StringComparison.Ordinal);
    }

    private Task<(int ExitCode, string Output, string Error)> AdminAsync(params string[] arguments)
        => RunCliAsync([.. arguments, "--system", fixture.Silo.SystemName, "--gateway", fixture.Silo.Gateway, "--password", SiloProcess.DefaultSecret]);

    private Task<(int ExitCode, string Output, string Error)> AsUserAsync(params string[] arguments)
        => RunCliAsync([.. arguments, "--system", fixture.Silo.SystemName, "--gateway", fixture.Silo.Gateway, "--user", SiloFixture.UserName, "--password", SiloFixture.UserSecret]);
    private static Task<(int ExitCode, string Output, string Error)> RunCliAsync(string[] arguments)
        => CliProcess.RunAsync(null, arguments);
}
