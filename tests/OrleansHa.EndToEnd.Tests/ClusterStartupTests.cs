using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OrleansHa.EndToEnd.Tests.Infrastructure;
using OrleansHa.Journals;
using OrleansHa.Testing;

namespace OrleansHa.EndToEnd.Tests;

/// <summary>
/// How a silo starts with the settings of a system of several silos (issue 12): a combination that would keep
/// something on one silo's disk alone is refused with one line naming the setting and what is allowed (exit code 2);
/// a silo of cluster azure on Azurite and PostgreSQL starts and its /health names the cluster and the address the
/// membership table knows it by.
/// </summary>
public sealed partial class ClusterStartupTests : IDisposable
{
    private const string SomeAzure = "UseDevelopmentStorage=true";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Start_ClusterAzureWithTheDefaultJournalStore_ExitsWithCodeTwoAskingForPostgres()
    {
        await using var silo = new SiloProcess(_folder.Path);

        var exitCode = await silo.StartRefusedAsync("--cluster", "azure", "--azure-connection-string", SomeAzure);

        Assert.Equal(2, exitCode);
        Assert.Contains("Silo:JournalStore is 'sqlite', but Silo:Cluster is azure", silo.Output, StringComparison.Ordinal);
        Assert.Contains("allowed there is only postgres (--journal-store postgres --journal-connection-string ...)", silo.Output, StringComparison.Ordinal);
        Assert.DoesNotMatch(StackFrame(), silo.Output);
    }

    [Fact]
    public async Task Start_ClusterAzureWithoutAConnectionStringAndOnSqliteState_ExitsWithCodeTwoNamingBoth()
    {
        await using var silo = new SiloProcess(_folder.Path);

        var exitCode = await silo.StartRefusedAsync("--cluster", "azure", "--storage", "sqlite", "--journal-store", "postgres", "--journal-connection-string", "Host=127.0.0.1");

        Assert.Equal(2, exitCode);
        Assert.Contains("Silo:Storage is 'sqlite', but Silo:Cluster is azure", silo.Output, StringComparison.Ordinal);
        Assert.Contains("allowed there is only azureblob", silo.Output, StringComparison.Ordinal);
        Assert.DoesNotMatch(StackFrame(), silo.Output);
    }

    [Fact]
    public async Task Start_PostgresJournalsWithoutAConnectionStringOrAnUnknownCluster_ExitsWithCodeTwoNamingEach()
    {
        await using var silo = new SiloProcess(_folder.Path);

        var exitCode = await silo.StartRefusedAsync("--cluster", "kubernetes", "--journal-store", "postgres", "--advertised-address", "0.0.0.0");

        Assert.Equal(2, exitCode);
        Assert.Contains("Silo:Cluster is 'kubernetes': allowed are localhost (one silo) and azure", silo.Output, StringComparison.Ordinal);
        Assert.Contains("Silo:JournalConnectionString is missing: it is required when Silo:JournalStore is postgres", silo.Output, StringComparison.Ordinal);
        Assert.Contains("Silo:AdvertisedAddress is '0.0.0.0': allowed is one IP address", silo.Output, StringComparison.Ordinal);
        Assert.DoesNotMatch(StackFrame(), silo.Output);
    }

    [Fact]
    public async Task Start_OneSiloOnLocalhostClustering_HealthNamesTheClusterAndItsLoopbackSiloAddress()
    {
        await using var silo = new SiloProcess(_folder.Path);
        await silo.StartAsync();

        var health = await HealthAsync(silo);

        Assert.Equal("localhost", health["cluster"]!.GetValue<string>());
        Assert.StartsWith($"S127.0.0.1:{silo.SiloPort}:", health["silo"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ClusterAzureOnAzuriteAndPostgres_KeepsJournalsInPostgresWhereASiloOnAnotherDataFolderFindsThem()
    {
        await using var azurite = await AzuriteProcess.StartAsync(Path.Combine(_folder.Path, "azurite"));
        await using var postgres = await PostgresServer.StartAsync();
        var journals = await postgres.CreateDatabaseAsync("prod");
        var secrets = Path.Combine(_folder.Path, "secrets");
        string[] cluster =
        [
            "--cluster", "azure", "--azure-connection-string", azurite.ConnectionString, "--journal-store", "postgres", "--journal-connection-string", journals,
            "--credentials-file", Path.Combine(secrets, "credentials.json"), "--signing-key-file", Path.Combine(secrets, "silo.key"),
        ];
        await using var first = new SiloProcess(Path.Combine(_folder.Path, "first"), "PROD");
        await first.StartAsync(cluster);
        var health = await HealthAsync(first);
        await using (var connection = await first.ConnectAsync())
        {
            var journal = connection.Client.GetGrain<IJournalGrain>("orders");
            await journal.DefineAsync(new JournalDefinition([], []));
            Assert.True((await journal.AppendAsync("first", [JournalChange.Put("k1", DateTimeOffset.UnixEpoch, new() { ["n"] = "1" })])).Accepted);
        }

        Assert.Equal(0, await first.StopAsync());
        await using var second = new SiloProcess(Path.Combine(_folder.Path, "second"), "PROD");
        await second.StartAsync(cluster);
        await using var again = await second.ConnectAsync();
        var status = await again.Client.GetGrain<IJournalGrain>("orders").GetStatusAsync();

        Assert.Equal("azure", health["cluster"]!.GetValue<string>());
        Assert.StartsWith($"S127.0.0.1:{first.SiloPort}:", health["silo"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(first.DataFolder, "journals.db")), "the journals went to journals.db in the data folder, not to PostgreSQL");
        Assert.Equal(1, status.LastSequence);
        Assert.Equal("1", (await again.Client.GetGrain<IJournalGrain>("orders").GetRecordAsync("k1"))!.Fields["n"]);
    }

    internal static async Task<JsonNode> HealthAsync(SiloProcess silo)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        return (await http.GetFromJsonAsync<JsonNode>(new Uri($"http://127.0.0.1:{silo.HealthPort}/health")))!;
    }

    [GeneratedRegex(@"^\s+at \S+\(", RegexOptions.Multiline)]
    private static partial Regex StackFrame();
}
