using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansHa.EndToEnd.Tests.Infrastructure;
using OrleansHa.Silo.Security;
using OrleansHa.Users;

namespace OrleansHa.EndToEnd.Tests;

/// <summary>The gateway's caps on open client connections, in total and per client address.</summary>
public sealed class GatewayConnectionLimitTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Middleware_OverEitherCap_ClosesTheConnectionAndAClosedOneFreesItsPlace()
    {
        var limit = new GatewayConnectionLimit(maxTotal: 3, maxPerAddress: 2, NullLogger.Instance);
        var open = new Dictionary<ConnectionContext, TaskCompletionSource>();
        var pipeline = limit.Middleware(context =>
        {
            var lifetime = new TaskCompletionSource();
            open[context] = lifetime;
            return lifetime.Task;
        });
        ConnectionContext From(string address) => new DefaultConnectionContext { RemoteEndPoint = new IPEndPoint(IPAddress.Parse(address), 40000) };

        var first = From("10.0.0.1");
        var running = new List<Task> { pipeline(first), pipeline(From("10.0.0.1")) };
        var overPerAddress = From("10.0.0.1");
        var refusedPerAddress = pipeline(overPerAddress);
        running.Add(pipeline(From("10.0.0.2")));
        var overTotal = From("10.0.0.3");
        var refusedTotal = pipeline(overTotal);
        var openBeforeClose = limit.Open;
        open[first].SetResult();
        await running[0];
        var again = From("10.0.0.1");
        running.Add(pipeline(again));

        Assert.True(refusedPerAddress.IsCompletedSuccessfully && refusedTotal.IsCompletedSuccessfully);
        Assert.False(open.ContainsKey(overPerAddress) || open.ContainsKey(overTotal));
        Assert.Equal(3, openBeforeClose);
        Assert.True(open.ContainsKey(again));
        Assert.Equal(3, limit.Open);
    }

    [Fact]
    public async Task Connect_BeyondTheCapPerAddress_IsClosedAndLoggedWhileTheOthersKeepWorking()
    {
        await using var silo = new SiloProcess(_folder.Path);
        await silo.StartAsync("--max-gateway-connections-per-address", "2");
        await using var connection = await silo.ConnectAsync();
        using var second = new TcpClient();
        await second.ConnectAsync(IPAddress.Loopback, silo.GatewayPort);
        var refused = await Eventually.ValueAsync(() => OpenOneMoreAsync(silo.GatewayPort), closed => closed == 1, TimeSpan.FromSeconds(30)) == 1;
        var logged = await Eventually.ValueAsync(
            () => Task.FromResult(silo.Output.Contains("Refused a gateway connection from 127.0.0.1", StringComparison.Ordinal) ? 1L : 0L),
            found => found == 1,
            TimeSpan.FromSeconds(30));

        await connection.Client.GetGrain<IUserGrain>("nobody").DefineAsync(new UserDefinition("nobody", 4242, 100, 5, ["/home/nobody"]), allowUpdate: true);

        Assert.True(refused);
        Assert.Equal(1, logged);
    }

    // 1 when the gateway closed a new connection at once (a read ends without data), 0 when it kept it open.
    private static async Task<long> OpenOneMoreAsync(int port)
    {
        using var client = new TcpClient();
        var buffer = new byte[16];
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return await client.GetStream().ReadAsync(buffer, wait.Token) == 0 ? 1 : 0;
        }
        catch (Exception error) when (error is IOException or OperationCanceledException or SocketException)
        {
            return error is OperationCanceledException ? 0 : 1;
        }
    }
}
