using System.Text.Json;
using OrleansHa.EndToEnd.Tests.Infrastructure;
using OrleansHa.Security;
using OrleansHa.Users;

namespace OrleansHa.EndToEnd.Tests;

/// <summary>A client in this process (an Orleans client through <c>SystemConnection</c>) calling grains in a silo process.</summary>
public sealed class CrossProcessCallTests(SiloFixture fixture) : IClassFixture<SiloFixture>
{
    private static UserDefinition Bob(int uid = 1001) => new("bob", uid, 100, 5, ["/home/bob"]);

    [Fact]
    public async Task DefineAsync_ThroughGateway_StateIsReadBackOnAnotherConnection()
    {
        await using (var writer = await fixture.ConnectAsync())
        {
            await writer.Client.GetGrain<IUserGrain>("bob").DefineAsync(Bob(1001), allowUpdate: true);
        }

        await using var reader = await fixture.ConnectAsync();
        var info = await reader.Client.GetGrain<IUserGrain>("bob").GetAsync();

        Assert.NotNull(info);
        Assert.Equal(1001, info.Definition.Uid);
        Assert.Equal(["/home/bob"], info.Definition.Roots);
    }

    [Fact]
    public async Task Call_WhenGrainThrows_ClientGetsExceptionTypeAndMessage()
    {
        await using var connection = await fixture.ConnectAsync();

        var error = await Assert.ThrowsAsync<InvalidDefinitionException>(
            () => connection.Client.GetGrain<IUserGrain>("carol").DefineAsync(new UserDefinition("carol", -5, 100, 5, ["/home/carol"]), allowUpdate: true));

        Assert.Contains("-5 is negative", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_AsUser_SessionNamesTheUserAndAdministratorOnlyCallIsDenied()
    {
        await using var connection = await fixture.ConnectAsync(SiloFixture.UserName, SiloFixture.UserSecret);

        var error = await Assert.ThrowsAsync<AccessDeniedException>(
            () => connection.Client.GetGrain<IUserGrain>("mallory").DefineAsync(new UserDefinition("mallory", 1, 1, 1, ["/tmp"]), allowUpdate: true));

        Assert.Contains("user alice may not define users", error.Message, StringComparison.Ordinal);
        Assert.Equal((SiloFixture.UserName, CallerPrincipal.UserRole), (connection.Session.Name, connection.Session.Role));
    }

    [Fact]
    public async Task Calls_ManyConcurrentOnOneConnection_EachGetsItsOwnAnswer()
    {
        await using var connection = await fixture.ConnectAsync();
        var grains = Enumerable.Range(0, 20).Select(i => connection.Client.GetGrain<IUserGrain>($"many{i}")).ToArray();
        await Task.WhenAll(grains.Select((g, i) => g.DefineAsync(new UserDefinition($"many{i}", 2000 + i, 100, 5, ["/srv"]), allowUpdate: true)));

        var infos = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => grains[i % grains.Length].GetAsync()));

        for (var i = 0; i < infos.Length; i++)
        {
            Assert.Equal(2000 + (i % grains.Length), infos[i]!.Definition.Uid);
        }
    }

    [Fact]
    public async Task Connect_WithWrongSecret_ThrowsAccessDeniedNamingTheAccount()
    {
        var error = await Assert.ThrowsAsync<AccessDeniedException>(() => fixture.ConnectAsync("admin", "not-the-secret"));

        Assert.Contains("Login refused for account 'admin'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_StatusJson_PrintsTheSystemAndSessionAndExitsZero()
    {
        var (exitCode, output, error) = await RunCliAsync("status", "--json", "--system", "E2E", "--gateway", fixture.Silo.Gateway, "--password", SiloProcess.DefaultSecret);

        Assert.True(exitCode == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("E2E", json.RootElement[0].GetProperty("system").GetString());
        Assert.Equal("admin (administrator)", json.RootElement[0].GetProperty("principal").GetString());
    }

    [Fact]
    public async Task Cli_PingWithPasswordOnStandardInput_AnswersPong()
    {
        var (exitCode, output, error) = await RunCliWithInputAsync(SiloProcess.DefaultSecret, "ping", "--json", "--system", "E2E", "--gateway", fixture.Silo.Gateway, "--password-file", "-");

        Assert.True(exitCode == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("pong", json.RootElement[0].GetProperty("reply").GetString());
    }

    [Fact]
    public async Task Cli_Ping_WithWrongPassword_ExitsOneNamingTheRefusal()
    {
        var (exitCode, _, error) = await RunCliAsync("ping", "--system", "E2E", "--gateway", fixture.Silo.Gateway, "--password", "wrong-password");

        Assert.Equal(1, exitCode);
        Assert.Contains("Login refused", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_Ping_WithWrongSystemName_ExitsOneNamingTheSystem()
    {
        var (exitCode, _, error) = await RunCliAsync("ping", "--system", "ELSEWHERE", "--gateway", fixture.Silo.Gateway, "--password", SiloProcess.DefaultSecret);

        Assert.Equal(1, exitCode);
        Assert.Contains("System ELSEWHERE did not answer", error, StringComparison.Ordinal);
    }

    private static Task<(int ExitCode, string Output, string Error)> RunCliAsync(params string[] arguments) => CliProcess.RunAsync(null, arguments);

    private static Task<(int ExitCode, string Output, string Error)> RunCliWithInputAsync(string? standardInput, params string[] arguments)
        => CliProcess.RunAsync(standardInput, arguments);
}
