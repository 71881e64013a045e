using OrleansHa.Destinations;
using OrleansHa.Grains.Tests.Cluster;
using OrleansHa.Grains.Tests.Monitor;

namespace OrleansHa.Grains.Tests.Destinations;

/// <summary>
/// The replica receiver's file-system calls run off its turn with a bound (issue 9, deliver 7). A real call that does
/// not return stands in for a hung mount: opening a FIFO for reading blocks until a writer comes.
/// </summary>
public sealed class ReceiverTimeoutTests : IAsyncLifetime
{
    private readonly MonitorCluster _cluster = new();
    private string? _fifo;

    [Fact]
    public async Task HashFile_WhenItsFileSystemCallHangs_FailsNamingTheSettingAndTheReceiverStillAnswers()
    {
        var home = _cluster.Folder("home", "hang1");
        await _cluster.AddUserAsync("hang1", 5, home);
        var root = Path.Combine(home, "in");
        MonitorCluster.AsAdmin();
        var receiver = _cluster.Client.GetGrain<IReplicaReceiverGrain>($"hang1|{root}");
        await receiver.OpenAsync(durable: false, epoch: 0);
        _fifo = Path.Combine(root, "pipe");
        Assert.Equal(0, MkFifo(_fifo));

        MonitorCluster.AsAdmin();
        var hash = receiver.HashFileAsync("pipe");
        // The receiver waits on the fake clock: moving it past the timeout (20 s by default) ends the wait.
        var ended = await Poll.UntilAsync(() => Task.FromResult(hash.IsCompleted), _cluster.Clock, TimeSpan.FromSeconds(5));
        Assert.True(ended, "the receiver did not answer after its timeout");
        var error = await Assert.ThrowsAnyAsync<Exception>(() => hash);
        MonitorCluster.AsAdmin();
        var stat = await receiver.StatAsync(["pipe"]).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Contains("ReplicaReceiver:IoTimeout", error.Message, StringComparison.Ordinal);
        Assert.Contains(root, error.Message, StringComparison.Ordinal);
        Assert.Single(stat);
    }

    public Task InitializeAsync() => _cluster.StartAsync();

    public async Task DisposeAsync()
    {
        if (_fifo is not null && File.Exists(_fifo))
        {
            // A writer lets the abandoned open return, so its thread goes back to the pool.
            await Task.Run(() => { using var writer = new FileStream(_fifo, FileMode.Open, FileAccess.Write); }).WaitAsync(TimeSpan.FromSeconds(10));
        }

        await _cluster.DisposeAsync();
    }

    private static int MkFifo(string path)
    {
        using var process = System.Diagnostics.Process.Start("mkfifo", [path]);
        process.WaitForExit();
        return process.ExitCode;
    }
}
