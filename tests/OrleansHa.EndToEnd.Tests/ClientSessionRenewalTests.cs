using OrleansHa.EndToEnd.Tests.Infrastructure;
using OrleansHa.Status;

namespace OrleansHa.EndToEnd.Tests;

/// <summary>
/// A silo that restarts with a new signing key refuses every session token issued before; a connected client logs in
/// again and carries on instead of failing its next call.
/// </summary>
public sealed class ClientSessionRenewalTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private SiloProcess _silo = null!;

    public async Task InitializeAsync()
    {
        _silo = new SiloProcess(_folder.Path);
        await _silo.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Call_AfterTheSiloRestartedWithANewSigningKey_LogsInAgainAndSucceeds()
    {
        await using var connection = await _silo.ConnectAsync();
        var status = connection.Client.GetGrain<IStatusGrain>("system");
        await status.PingAsync();
        var before = connection.Session.Token;

        await _silo.StopAsync();
        File.Delete(_silo.SigningKeyFile);
        await _silo.DisposeAsync();
        _silo = new SiloProcess(_silo);
        await _silo.StartAsync();

        await status.PingAsync();

        Assert.NotEqual(before, connection.Session.Token);
        Assert.Contains("signature is wrong", _silo.Output, StringComparison.Ordinal);
    }
}
