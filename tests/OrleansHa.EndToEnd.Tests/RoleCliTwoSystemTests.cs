using System.Text.Json;
using OrleansHa.EndToEnd.Tests.Infrastructure;
using OrleansHa.Journals;
using OrleansHa.Roles;
using OrleansHa.Silo.Security;

namespace OrleansHa.EndToEnd.Tests;

/// <summary>
/// The <c>role</c> commands and following production, run as CLI processes against two silo processes, PROD and
/// BACKUP, that hold a credential for each other: the group defined on each side with <c>role define</c>, seen with
/// <c>role status</c>, <c>status</c> and <c>role check</c>; writes given the group's gateways reach production.
/// </summary>
public sealed class RoleCliTwoSystemTests(RoleCliTwoSystemTests.Systems fixture) : IClassFixture<RoleCliTwoSystemTests.Systems>
{
    [Fact]
    public async Task RoleDefine_OnEachSystem_RoleStatusShowsProductionAndBackupAtEpochOne()
    {
        var onProd = await fixture.CliAsync(fixture.Prod, "role", "define", "--member", "PROD", "--member", $"BACKUP={fixture.Backup.Gateway}@{Systems.BackupCredential}", "--production", "PROD");
        var onBackup = await fixture.CliAsync(fixture.Backup, "role", "define", "--member", "BACKUP", "--member", $"PROD={fixture.Prod.Gateway}@{Systems.ProdCredential}", "--production", "PROD");
        Assert.True(onProd.ExitCode == 0, onProd.Error);
        Assert.True(onBackup.ExitCode == 0, onBackup.Error);
        Assert.Contains("production (epoch 1)", Flatten(onProd.Output), StringComparison.Ordinal);

        var prodStatus = await fixture.CliAsync(fixture.Prod, "role", "status", "--json");
        var backupStatus = await fixture.CliAsync(fixture.Backup, "role", "status", "--json");

        using var prod = JsonDocument.Parse(prodStatus.Output);
        using var backup = JsonDocument.Parse(backupStatus.Output);
        Assert.Equal("production", prod.RootElement.GetProperty("gate").GetProperty("role").GetString());
        Assert.Equal("backup", backup.RootElement.GetProperty("gate").GetProperty("role").GetString());
        Assert.Equal("PROD", backup.RootElement.GetProperty("gate").GetProperty("production").GetString());
        Assert.Equal(1, prod.RootElement.GetProperty("gate").GetProperty("epoch").GetInt64());
        Assert.Equal(1, backup.RootElement.GetProperty("gate").GetProperty("epoch").GetInt64());
        Assert.Equal(2, backup.RootElement.GetProperty("members").GetArrayLength());
    }

    [Fact]
    public async Task Status_InAGroup_ShowsTheRoleToEverySignedInUser()
    {
        await fixture.DefineAsync();

        var asAdmin = await fixture.CliAsync(fixture.Backup, "status", "--json");
        var asUser = await CliProcess.RunAsync(null, "status", "--json", "--system", "BACKUP", "--gateway", fixture.Backup.Gateway, "--user", SiloFixture.UserName, "--password", SiloFixture.UserSecret);

        foreach (var (answer, who) in new[] { (asAdmin, "admin"), (asUser, SiloFixture.UserName) })
        {
            Assert.True(answer.ExitCode == 0, $"{who}: {answer.Error}");
            using var json = JsonDocument.Parse(answer.Output);
            Assert.Equal("backup (epoch 1; production PROD)", json.RootElement[0].GetProperty("role").GetString());
        }
    }

    [Fact]
    public async Task RoleCommands_AsAUser_AreRefusedOnOneLineWithExitCodeOne()
    {
        await fixture.DefineAsync();

        foreach (var command in new[] { new[] { "role", "status" }, ["role", "check"], ["role", "switch-over", "--dry-run"], ["role", "divergence"] })
        {
            var refused = await CliProcess.RunAsync(null, [.. command, "--system", "PROD", "--gateway", fixture.Prod.Gateway, "--user", SiloFixture.UserName, "--password", SiloFixture.UserSecret]);

            Assert.True(refused.ExitCode == 1, $"{string.Join(' ', command)}: exit {refused.ExitCode}: {refused.Error}");
            var line = Assert.Single(refused.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("orleansha: ", line, StringComparison.Ordinal);
            Assert.Contains(SiloFixture.UserName, line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RoleCheck_OnProduction_ListsEveryItemWithItsReasonAndExitsByReadiness()
    {
        await fixture.DefineAsync();

        var table = await fixture.CliAsync(fixture.Prod, "role", "check");
        var json = await fixture.CliAsync(fixture.Prod, "role", "check", "--json");

        Assert.True(json.ExitCode is 0 or 3, json.Error);
        using var report = JsonDocument.Parse(json.Output);
        var ready = report.RootElement.GetProperty("ready").GetBoolean();
        Assert.Equal(ready ? 0 : 3, json.ExitCode);
        Assert.Equal(json.ExitCode, table.ExitCode);
        Assert.Equal("BACKUP", report.RootElement.GetProperty("backup").GetString());
        var items = report.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(items);
        Assert.Equal("group", items[0].GetProperty("category").GetString());
        Assert.All(items, i => Assert.False(string.IsNullOrWhiteSpace(i.GetProperty("reason").GetString())));
        // A long reason wraps inside its cell; the group item's (the first row) reads whole once the borders are gone.
        Assert.Contains(items[0].GetProperty("reason").GetString()!, Flatten(table.Output), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RoleSwitchOver_WhenABlockingItemFails_IsRefusedNamingItAndChangesNothing()
    {
        // Neither system has the reverse destination (BACKUP → PROD), so the check has a blocking item.
        await fixture.DefineAsync();

        var dryRun = await fixture.CliAsync(fixture.Prod, "role", "switch-over", "--dry-run", "--json");
        var refused = await fixture.CliAsync(fixture.Prod, "role", "switch-over");
        var status = await fixture.CliAsync(fixture.Prod, "role", "status", "--json");

        Assert.Equal(1, dryRun.ExitCode);
        using var report = JsonDocument.Parse(dryRun.Output);
        Assert.True(report.RootElement.GetProperty("dryRun").GetBoolean());
        Assert.False(report.RootElement.GetProperty("succeeded").GetBoolean());
        Assert.Equal(1, refused.ExitCode);
        var line = Assert.Single(refused.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("orleansha: The switch-over to BACKUP is refused", line, StringComparison.Ordinal);
        Assert.Contains("no silo destination whose remote system is PROD", line, StringComparison.Ordinal);
        Assert.Contains("BLOCKING", refused.Output, StringComparison.Ordinal);
        using var after = JsonDocument.Parse(status.Output);
        Assert.Equal(1, after.RootElement.GetProperty("gate").GetProperty("epoch").GetInt64());
        Assert.Equal("steady", after.RootElement.GetProperty("gate").GetProperty("phase").GetString());
    }

    [Fact]
    public async Task JournalCreateAndAppend_WithTheGroupAndTheBackupAsSystem_GoToProduction()
    {
        await fixture.DefineAsync();
        var journal = "follow-" + Guid.NewGuid().ToString("N")[..8];
        var changes = await fixture.ChangesFileAsync(journal);
        var group = $"PROD={fixture.Prod.Gateway};BACKUP={fixture.Backup.Gateway}";

        var create = await CliProcess.RunAsync(null, "journal", "create", journal, "--group", group, "--system", "BACKUP", "--password", SiloProcess.DefaultSecret);
        var append = await CliProcess.RunAsync(null, "journal", "append", journal, "--file", changes, "--group", group, "--system", "BACKUP", "--password", SiloProcess.DefaultSecret, "--json");
        var read = await CliProcess.RunAsync(null, "journal", "get", journal, "k1", "--group", group, "--system", "PROD", "--password", SiloProcess.DefaultSecret);

        Assert.True(create.ExitCode == 0, create.Error);
        Assert.True(append.ExitCode == 0, append.Error);
        Assert.True(read.ExitCode == 0, read.Error);
        await using var prod = await fixture.Prod.ConnectAsync();
        await using var backup = await fixture.Backup.ConnectAsync();
        Assert.Equal(1, (await prod.Client.GetGrain<IJournalGrain>(journal).GetStatusAsync()).LastSequence);
        Assert.False((await backup.Client.GetGrain<IJournalGrain>(journal).GetStatusAsync()).Defined);
    }

    [Fact]
    public async Task JournalAppend_ToTheBackupWithoutTheGroup_FollowsTheRefusalToProduction()
    {
        await fixture.DefineAsync();
        var journal = await fixture.DefineJournalOnBothAsync();
        var changes = await fixture.ChangesFileAsync(journal);

        var append = await fixture.CliAsync(fixture.Backup, "journal", "append", journal, "--file", changes, "--json");

        Assert.True(append.ExitCode == 0, append.Error);
        await using var prod = await fixture.Prod.ConnectAsync();
        await using var backup = await fixture.Backup.ConnectAsync();
        Assert.Equal(1, (await prod.Client.GetGrain<IJournalGrain>(journal).GetStatusAsync()).LastSequence);
        Assert.Equal(0, (await backup.Client.GetGrain<IJournalGrain>(journal).GetStatusAsync()).LastSequence);
    }

    [Fact]
    public async Task JournalAppend_WithTheGroupButNoFollow_IsRefusedByTheBackupNamingProduction()
    {
        await fixture.DefineAsync();
        var journal = await fixture.DefineJournalOnBothAsync();
        var changes = await fixture.ChangesFileAsync(journal);
        var group = $"PROD={fixture.Prod.Gateway};BACKUP={fixture.Backup.Gateway}";

        var refused = await CliProcess.RunAsync(null, "journal", "append", journal, "--file", changes, "--group", group, "--system", "BACKUP", "--no-follow", "--password", SiloProcess.DefaultSecret);

        Assert.True(refused.ExitCode == 1, $"exit {refused.ExitCode}: {refused.Error}");
        var line = Assert.Single(refused.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("BACKUP is the backup system (epoch 1)", line, StringComparison.Ordinal);
        Assert.Contains("Production is PROD", line, StringComparison.Ordinal);
        await using var prod = await fixture.Prod.ConnectAsync();
        Assert.Equal(0, (await prod.Client.GetGrain<IJournalGrain>(journal).GetStatusAsync()).LastSequence);
    }

    // A table's text without its borders, runs of spaces and line breaks as one space.
    private static string Flatten(string table)
        => string.Join(' ', table.Split(['│', '╭', '╮', '╰', '╯', '├', '┤', '┬', '┴', '┼', '─', '\n', '\r', ' '], StringSplitOptions.RemoveEmptyEntries));

    /// <summary>PROD and BACKUP with a credential for each other, a user account on each, the group not yet defined.</summary>
    public sealed class Systems : IAsyncLifetime
    {
        /// <summary>The entry of PROD's credentials file that logs in to BACKUP.</summary>
        public const string BackupCredential = TwoSystems.BackupCredential;

        /// <summary>The entry of BACKUP's credentials file that logs in to PROD.</summary>
        public const string ProdCredential = "prod";

        private readonly TwoSystems _systems = new();

        public SiloProcess Prod => _systems.Prod;

        public SiloProcess Backup => _systems.Backup;

        public string Path => _systems.Path;

        public async Task InitializeAsync()
        {
            await _systems.StartAsync();
            var file = Backup.CredentialsFile;
            var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };
            var document = JsonSerializer.Deserialize<CredentialsDocument>(await File.ReadAllTextAsync(file), options)!;
            document.Remotes.Add(new RemoteCredential { Name = ProdCredential, User = "admin", Secret = SiloProcess.DefaultSecret });
            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(document, options));
            SiloFixture.AddUserAccount(Prod.CredentialsFile, SiloFixture.UserName, SiloFixture.UserSecret);
            SiloFixture.AddUserAccount(Backup.CredentialsFile, SiloFixture.UserName, SiloFixture.UserSecret);
        }

        public async Task DisposeAsync() => await _systems.DisposeAsync();

        /// <summary>The CLI as the administrator of <paramref name="silo"/>'s system.</summary>
        public Task<(int ExitCode, string Output, string Error)> CliAsync(SiloProcess silo, params string[] arguments)
            => CliProcess.RunAsync(null, [.. arguments, "--system", silo.SystemName, "--gateway", silo.Gateway, "--password", SiloProcess.DefaultSecret]);

        /// <summary>A new journal with no receivers, defined on both systems (definitions are allowed on a steady backup).</summary>
        public async Task<string> DefineJournalOnBothAsync()
        {
            var journal = "follow-" + Guid.NewGuid().ToString("N")[..8];
            await using var prod = await Prod.ConnectAsync();
            await using var backup = await Backup.ConnectAsync();
            await prod.Client.GetGrain<IJournalGrain>(journal).DefineAsync(new JournalDefinition([], []));
            await backup.Client.GetGrain<IJournalGrain>(journal).DefineAsync(new JournalDefinition([], []));
            return journal;
        }

        /// <summary>A JSON-lines file of one change to <paramref name="journal"/>.</summary>
        public async Task<string> ChangesFileAsync(string journal)
        {
            var changes = System.IO.Path.Combine(Path, journal + ".jsonl");
            await File.WriteAllTextAsync(changes, "{\"op\":\"put\",\"key\":\"k1\",\"ts\":\"2026-12-02T08:00:00Z\",\"fields\":{\"n\":\"1\"}}\n");
            return changes;
        }

        /// <summary>Defines the group on both systems through the grain (as <c>role define</c> does), PROD production; a repeat changes nothing.</summary>
        public async Task DefineAsync()
        {
            await using var prod = await Prod.ConnectAsync();
            await using var backup = await Backup.ConnectAsync();
            await prod.Client.GetGrain<IHaGroupGrain>(HaGroups.Default).DefineAsync(
                new HaGroupDefinition([new HaGroupMember("PROD", null, null), new HaGroupMember("BACKUP", Backup.Gateway, BackupCredential)], "PROD"));
            await backup.Client.GetGrain<IHaGroupGrain>(HaGroups.Default).DefineAsync(
                new HaGroupDefinition([new HaGroupMember("BACKUP", null, null), new HaGroupMember("PROD", Prod.Gateway, ProdCredential)], "PROD"));
        }
    }
}
