using OrleansHa.Workers;

namespace OrleansHa.Grains.Tests.Monitor;

public sealed class ShardingTests(MonitorClusterFixture fixture) : IClassFixture<MonitorClusterFixture>
{
    private MonitorCluster C => fixture.Cluster;

    [Fact]
    public async Task Workers_WhenMoreThan1024_UseASecondShardAndNoShardExceeds1024()
    {
        await C.AddLocalDestinationAsync("SH");
        // 103 users with 10 file sets each in 10 batches: 1,030 workers, past one shard's 1,024.
        const int users = 103;
        for (var u = 0; u < users; u++)
        {
            var name = $"shard{u:000}";
            var home = C.Folder("home", name);
            await C.AddUserAsync(name, 5, home);
            for (var f = 0; f < 10; f++)
            {
                await C.AddFileSetAsync(MonitorCluster.FileSet(name, $"fs{f}", home, "SH", batch: $"b{f}"));
            }
        }

        var status = await C.StatusAsync();
        var perShard = status.Workers.GroupBy(w => w.Shard).ToList();

        Assert.Equal(2, status.Shards);
        Assert.Equal(users * 10, status.Counts.Total);
        Assert.Equal(2, perShard.Count);
        Assert.All(perShard, s => Assert.InRange(s.Count(), 1, 1024));
        Assert.Equal(users * 10, status.Workers.Select(w => w.WorkerKey).Distinct().Count());
        // A user's workers all live on one shard.
        Assert.All(status.Workers.GroupBy(w => WorkerKey.Parse(w.WorkerKey).User), g => Assert.Single(g.Select(w => w.Shard).Distinct()));
    }
}
