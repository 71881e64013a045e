using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using OrleansHa.EndToEnd.Tests.Infrastructure;

namespace OrleansHa.EndToEnd.Tests;

/// <summary>
/// How a silo process starts on its data folder: owner-only modes, a database that lost its contents, and start
/// failures that give one line and exit code 1 or 2 instead of a stack trace. Each test runs its own silo.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed partial class SiloStartupTests : IDisposable
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task FirstStart_InAnEmptyFolder_CreatesDataFoldersOwnerOnlyAndKeepsTheSecretOutOfTheLog()
    {
        var data = Path.Combine(_folder.Path, "data");
        await using var silo = new SiloProcess(_folder.Path, secret: null);
        await silo.StartAsync("--data-folder", data);
        var logs = Path.Combine(data, "logs");
        var secret = GeneratedSecret().Match(silo.Output).Groups[1].Value;

        var files = Directory.GetFiles(data).Concat(Directory.GetFiles(logs)).ToList();

        Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(data));
        Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(logs));
        Assert.Contains(Path.Combine(data, "orleansha.db-wal"), files);
        Assert.Contains(Path.Combine(data, "journals.db"), files);
        Assert.Contains(files, file => Path.GetFileName(file).StartsWith("silo-", StringComparison.Ordinal));
        Assert.All(files, file => Assert.True(File.GetUnixFileMode(file) == OwnerOnlyFile, $"{file} has mode {File.GetUnixFileMode(file)}"));
        Assert.NotEmpty(secret);
        Assert.All(Directory.GetFiles(logs), log => Assert.DoesNotContain(secret, ReadShared(log), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_OnAnExistingWorldReadableFolder_TightensItAndSaysSo()
    {
        await using var first = new SiloProcess(_folder.Path);
        await first.StartAsync();
        Assert.Equal(0, await first.StopAsync());
        var database = Path.Combine(_folder.Path, "orleansha.db");
        File.SetUnixFileMode(_folder.Path, OwnerOnlyFolder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(database, OwnerOnlyFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        await using var second = new SiloProcess(first);
        await second.StartAsync();

        Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(_folder.Path));
        Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(database));
        Assert.Contains($"Tightened the mode of {database} from 644 to 600", second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_OnADatabaseTruncatedAfterAFirstStart_IsRefusedUnlessStartEmpty()
    {
        await using var first = new SiloProcess(_folder.Path);
        await first.StartAsync();
        Assert.Equal(0, await first.StopAsync());
        var database = Path.Combine(_folder.Path, "orleansha.db");
        File.WriteAllBytes(database, []);
        File.Delete(database + "-wal");
        File.Delete(database + "-shm");

        await using var refused = new SiloProcess(first);
        var exitCode = await refused.StartRefusedAsync();
        await using var emptyOnRequest = new SiloProcess(first);
        await emptyOnRequest.StartAsync("--start-empty");

        Assert.Equal(2, exitCode);
        Assert.Contains($"The database '{database}' is empty (0 bytes), but this data folder held data", refused.Output, StringComparison.Ordinal);
        Assert.Contains("restore the file from a backup, or start with --start-empty", refused.Output, StringComparison.Ordinal);
        Assert.Contains("Started empty on request (--start-empty)", emptyOnRequest.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_OnADatabaseThatIsNotSqlite_IsRefusedAndStartEmptyMovesItAside()
    {
        var database = Path.Combine(_folder.Path, "orleansha.db");
        File.WriteAllBytes(database, [.. Enumerable.Range(0, 8192).Select(i => (byte)(i * 7))]);
        await using var refused = new SiloProcess(_folder.Path);

        var exitCode = await refused.StartRefusedAsync();
        await using var emptyOnRequest = new SiloProcess(refused);
        await emptyOnRequest.StartAsync("--start-empty");

        Assert.Equal(2, exitCode);
        Assert.Contains($"The database '{database}' cannot be read as a SQLite database", refused.Output, StringComparison.Ordinal);
        Assert.Contains("or start with --start-empty (it is moved aside, not deleted)", refused.Output, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(_folder.Path, "orleansha.db.unreadable-*"));
    }

    [Fact]
    public async Task Start_WhenTheGatewayPortIsInUse_ExitsWithCodeOneNamingThePortWithoutAStackTrace()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;
        await using var silo = new SiloProcess(_folder.Path, gatewayPort: port);

        var exitCode = await silo.StartRefusedAsync();

        Assert.Equal(1, exitCode);
        Assert.Contains($"127.0.0.1:{port} (Silo:Gateway) is already in use by another process", silo.Output, StringComparison.Ordinal);
        Assert.DoesNotMatch(StackFrame(), silo.Output);
    }

    [Fact]
    public async Task Start_WithACorruptCredentialsFile_ExitsWithCodeTwoNamingTheFileAndTheFix()
    {
        var credentials = Path.Combine(_folder.Path, "credentials.json");
        File.WriteAllText(credentials, "{ \"version\": 1, \"accounts\": [");
        File.SetUnixFileMode(credentials, OwnerOnlyFile);
        await using var silo = new SiloProcess(_folder.Path);

        var exitCode = await silo.StartRefusedAsync();

        Assert.Equal(2, exitCode);
        Assert.Contains($"The credentials file '{credentials}' is not valid JSON", silo.Output, StringComparison.Ordinal);
        Assert.Contains("move it away to have a new one made", silo.Output, StringComparison.Ordinal);
        Assert.DoesNotMatch(StackFrame(), silo.Output);
    }

    [Fact]
    public async Task Start_WithADataFolderThatIsAFile_ExitsWithCodeTwoNamingIt()
    {
        var file = Path.Combine(_folder.Path, "not-a-folder");
        File.WriteAllText(file, "x");
        await using var silo = new SiloProcess(_folder.Path);

        var exitCode = await silo.StartRefusedAsync("--data-folder", file);

        Assert.Equal(2, exitCode);
        Assert.Contains($"Silo:DataFolder '{file}' is a file, not a folder", silo.Output, StringComparison.Ordinal);
        Assert.DoesNotMatch(StackFrame(), silo.Output);
    }

    [Fact]
    public async Task Start_WithAGatewayAddressNotOfThisMachine_ExitsWithCodeTwoNamingIt()
    {
        await using var silo = new SiloProcess(_folder.Path, gatewayHost: "192.0.2.1");

        var exitCode = await silo.StartRefusedAsync("--insecure");

        Assert.Equal(2, exitCode);
        Assert.Contains("but 192.0.2.1 is not an address of this machine", silo.Output, StringComparison.Ordinal);
        Assert.DoesNotMatch(StackFrame(), silo.Output);
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex("The 'admin' secret is ([A-Za-z0-9_-]+) ")]
    private static partial Regex GeneratedSecret();

    [GeneratedRegex(@"^\s+at \S+\(", RegexOptions.Multiline)]
    private static partial Regex StackFrame();
}
