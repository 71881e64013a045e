using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OrleansHa.Destinations;
using OrleansHa.Grains.Destinations;
using OrleansHa.Sync;

namespace OrleansHa.Grains.Tests.Destinations;

/// <summary>
/// The local transport gives each user a prefix of their own on the destination: what it creates there is the user's,
/// what was there before keeps its owner (issue 10 item 1). The tests run as root, as the silo does, for uid 65534.
/// </summary>
public sealed class LocalTransportOwnershipTests : IDisposable
{
    private const int Nobody = 65534;
    private readonly string _base = Path.Combine(Path.GetTempPath(), "ohtransport-tests", Guid.NewGuid().ToString("N"));
    private readonly ReplicaTransport _transport = new(new ServiceCollection().BuildServiceProvider());
    private readonly AccessScope _alice = new(["/nonexistent"], Uid: Nobody, Gid: Nobody);

    public LocalTransportOwnershipTests() => Directory.CreateDirectory(_base); // the administrator's: root's, mode 755

    public void Dispose() => Directory.Delete(_base, recursive: true);

    [Fact]
    public async Task OpenTarget_WhenThePrefixAndTheTargetAreNew_CreatesThemForTheOwner()
    {
        var target = await _transport.OpenTargetAsync(Destination(), "a/b", "alice", _alice, durable: false, priority: 0, CancellationToken.None);
        (target as IDisposable)?.Dispose();

        Assert.All(new[] { "alice", "alice/a", "alice/a/b" }, p => Assert.Equal($"{Nobody}:{Nobody}", Owner(Path.Combine(_base, p))));
    }

    [Fact]
    public async Task OpenTarget_WhenThePrefixExistsAndIsNotTheOwners_LeavesItAndRefuses()
    {
        Directory.CreateDirectory(Path.Combine(_base, "alice")); // e.g. the administrator closed alice's area

        var error = await Assert.ThrowsAsync<SyncAccessDeniedException>(
            () => _transport.OpenTargetAsync(Destination(), "x", "alice", _alice, durable: false, priority: 0, CancellationToken.None));

        Assert.Contains($"uid {Nobody} may not write", error.Message, StringComparison.Ordinal);
        Assert.Equal("0:0", Owner(Path.Combine(_base, "alice")));
        Assert.False(Directory.Exists(Path.Combine(_base, "alice", "x")));
    }

    private DestinationDefinition Destination() => new("BACKUP", DestinationTransport.Local, _base, null, null, null);

    private static string Owner(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%u:%g", path]) { RedirectStandardOutput = true })!;
        var text = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return text;
    }
}
