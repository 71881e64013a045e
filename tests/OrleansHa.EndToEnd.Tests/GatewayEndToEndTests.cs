using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime;
using OrleansHa.EndToEnd.Tests.Infrastructure;
using OrleansHa.Runtime.Gateway;
using OrleansHa.Security;
using OrleansHa.Users;

namespace OrleansHa.EndToEnd.Tests;

/// <summary>A client in this process calling grains in a silo process through its gateway.</summary>
public sealed class GatewayEndToEndTests(SiloFixture fixture) : IClassFixture<SiloFixture>
{
    private static UserDefinition Bob(int uid = 1001) => new("bob", uid, 100, 5, ["/home/bob"]);

    [Fact]
    public async Task DefineAsync_ThroughGateway_StateIsReadBackOnAnotherConnection()
    {
        await using (var writer = await fixture.ConnectAsync())
        {
            await writer.GrainFactory.GetGrain<IUserGrain>("bob").DefineAsync(Bob(1001), allowUpdate: true);
        }

        await using var reader = await fixture.ConnectAsync();
        var info = await reader.GrainFactory.GetGrain<IUserGrain>("bob").GetAsync();

        Assert.NotNull(info);
        Assert.Equal(1001, info.Definition.Uid);
        Assert.Equal(["/home/bob"], info.Definition.Roots);
    }

    [Fact]
    public async Task UseOrleansClient_InAHost_GivesAClusterClientThatCallsGrains()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleansClient(client => client
            .UseLocalhostClustering(fixture.Silo.GatewayPort)
            .UseCredentials("admin", SiloProcess.DefaultSecret));
        using var host = builder.Build();
        await host.StartAsync();

        var grain = host.Services.GetRequiredService<IClusterClient>().GetGrain<IUserGrain>("hosted");
        await grain.DefineAsync(new UserDefinition("hosted", 4242, 100, 5, ["/home/hosted"]), allowUpdate: true);
        var info = await grain.GetAsync();
        await host.StopAsync();

        Assert.Equal(4242, info!.Definition.Uid);
    }

    [Fact]
    public async Task Call_WhenGrainThrows_ClientGetsExceptionTypeAndMessage()
    {
        await using var client = await fixture.ConnectAsync();

        var error = await Assert.ThrowsAsync<InvalidDefinitionException>(
            () => client.GrainFactory.GetGrain<IUserGrain>("carol").DefineAsync(new UserDefinition("carol", -5, 100, 5, ["/home/carol"]), allowUpdate: true));

        Assert.Contains("-5 is negative", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_AsUser_PrincipalReachesGrainAndAdministratorOnlyCallIsDenied()
    {
        await using var client = await fixture.ConnectAsync(SiloFixture.UserName, SiloFixture.UserSecret);

        await Assert.ThrowsAsync<AccessDeniedException>(() => client.GrainFactory.GetGrain<IUserGrain>("mallory").DefineAsync(new UserDefinition("mallory", 1, 1, 1, ["/tmp"]), allowUpdate: true));
        Assert.Equal(new GatewayPrincipal(SiloFixture.UserName, GatewayPrincipal.UserRole), client.Principal);
    }

    [Fact]
    public async Task Calls_ManyConcurrentOnOneConnection_EachGetsItsOwnAnswer()
    {
        await using var client = await fixture.ConnectAsync();
        var grains = Enumerable.Range(0, 20).Select(i => client.GrainFactory.GetGrain<IUserGrain>($"many{i}")).ToArray();
        await Task.WhenAll(grains.Select((g, i) => g.DefineAsync(new UserDefinition($"many{i}", 2000 + i, 100, 5, ["/srv"]), allowUpdate: true)));

        var infos = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => grains[i % grains.Length].GetAsync()));

        for (var i = 0; i < infos.Length; i++)
        {
            Assert.Equal(2000 + (i % grains.Length), infos[i]!.Definition.Uid);
        }
    }

    [Fact]
    public async Task Connect_WithWrongSecret_ThrowsGatewayAuthenticationException()
    {
        var error = await Assert.ThrowsAsync<GatewayAuthenticationException>(() => fixture.ConnectAsync("admin", "not-the-secret"));

        Assert.Contains("not valid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hello_WithoutCredential_IsRefusedAndClosed()
    {
        using var raw = await RawGatewayConnection.OpenAsync(fixture.Silo.GatewayPort);

        await raw.SendAsync(RawGatewayConnection.Hello, 0, RawGatewayConnection.HelloBody(1, string.Empty, string.Empty));
        var reply = await raw.ReceiveAsync();
        var after = await raw.ReceiveAsync();

        Assert.Equal(RawGatewayConnection.Refused, reply!.Value.Kind);
        Assert.Contains("no credential", RawGatewayConnection.ReadString(reply.Value.Body), StringComparison.Ordinal);
        Assert.Null(after);
    }

    [Fact]
    public async Task Request_BeforeHello_ConnectionIsClosedWithoutAnswer()
    {
        using var raw = await RawGatewayConnection.OpenAsync(fixture.Silo.GatewayPort);

        await raw.SendAsync(RawGatewayConnection.Request, 1, new byte[32]);

        Assert.Null(await raw.ReceiveAsync());
    }

    [Fact]
    public async Task Hello_WithOversizedFrame_ConnectionIsClosed()
    {
        using var raw = await RawGatewayConnection.OpenAsync(fixture.Silo.GatewayPort);

        await raw.SendAsync(RawGatewayConnection.Hello, 0, new byte[16], announcedLength: 100 * 1024 * 1024);

        Assert.Null(await raw.ReceiveAsync());
    }

    [Fact]
    public async Task Hello_WithUnknownProtocolVersion_IsRefusedNamingTheVersion()
    {
        using var raw = await RawGatewayConnection.OpenAsync(fixture.Silo.GatewayPort);

        await raw.SendAsync(RawGatewayConnection.Hello, 0, RawGatewayConnection.HelloBody(99, "admin", SiloProcess.DefaultSecret));
        var reply = await raw.ReceiveAsync();

        Assert.Equal(RawGatewayConnection.Refused, reply!.Value.Kind);
        Assert.Contains("protocol 99", RawGatewayConnection.ReadString(reply.Value.Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_WhenMethodSignatureDiffers_ThrowsGatewayProtocolExceptionListingTheSilosMethod()
    {
        await using var client = await fixture.ConnectAsync();
        var stale = client.GrainFactory.GetGrain<IUserGrainOlderVersion>(GrainId.Create("user", "dave"));

        var error = await Assert.ThrowsAsync<GatewayProtocolException>(() => stale.DefineAsync("dave"));

        Assert.Contains("OrleansHa.Users.IUserGrain.DefineAsync(System.String)", error.Message, StringComparison.Ordinal);
        Assert.Contains("OrleansHa.Users.IUserGrain.DefineAsync(orleansha.user-definition,System.Boolean)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStatusAsync_ReportsSystemNameUptimeAndConnections()
    {
        await using var client = await fixture.ConnectAsync();

        var status = await client.GetStatusAsync(CancellationToken.None);

        Assert.Equal("E2E", status.SystemName);
        Assert.True(status.Uptime > TimeSpan.Zero);
        Assert.True(status.GatewayConnections >= 1);
        Assert.True(status.Activations >= 0);
    }

    [Fact]
    public async Task Cli_StatusJson_PrintsTheSystemAndExitsZero()
    {
        var (exitCode, output, _) = await RunCliAsync("status", "--json", "--gateway", fixture.Silo.Gateway, "--password", SiloProcess.DefaultSecret);

        Assert.Equal(0, exitCode);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("E2E", json.RootElement[0].GetProperty("system").GetString());
    }

    [Fact]
    public async Task Cli_Ping_WithWrongPassword_ExitsOneNamingTheRefusal()
    {
        var (exitCode, _, error) = await RunCliAsync("ping", "--gateway", fixture.Silo.Gateway, "--password", "wrong-password");

        Assert.Equal(1, exitCode);
        Assert.Contains("refused", error, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunCliAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "orleansha.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("ORLEANSHA_PASSWORD");
        start.Environment["ORLEANSHA_CONFIG"] = null;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
