using System.Text;
using Microsoft.Extensions.Time.Testing;
using OrleansHa.EndToEnd.Tests.Infrastructure;
using OrleansHa.FileSets;
using OrleansHa.Monitoring;
using OrleansHa.Security;
using OrleansHa.Silo.Hosting;
using OrleansHa.Silo.Security;
using OrleansHa.Users;
using OrleansHa.Workers;

namespace OrleansHa.EndToEnd.Tests;

/// <summary>
/// What the silo refuses, tried from outside against a real silo process: each test fails if the check it names is
/// removed (the call it makes would then succeed).
/// </summary>
public sealed class SecurityTests(SiloFixture fixture) : IClassFixture<SiloFixture>
{
    private const string Internal = "is internal: only the silos call it";

    private static UserDefinition Intruder => new("intruder", 0, 0, 9, ["/"]);

    [Fact]
    public async Task BareClient_WithoutToken_IsRefused()
    {
        await using var bare = await BareOrleansClient.ConnectAsync(fixture.Silo);

        var error = await Assert.ThrowsAsync<AccessDeniedException>(() => bare.Client.GetGrain<IUserGrain>("admin").GetAsync());

        Assert.Contains("no session token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BareClient_WithForgedPrincipal_IsRefused()
    {
        await using var bare = await BareOrleansClient.ConnectAsync(fixture.Silo);

        var error = await Assert.ThrowsAsync<AccessDeniedException>(() => BareOrleansClient.WithRequestContextAsync(
            () => bare.Client.GetGrain<IUserGrain>("intruder").DefineAsync(Intruder, allowUpdate: true),
            (CallerPrincipal.PrincipalKey, "admin"),
            (CallerPrincipal.RoleKey, CallerPrincipal.AdministratorRole)));

        Assert.Contains("no session token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BareClient_WithForgedSiloSignature_IsRefused()
    {
        await using var bare = await BareOrleansClient.ConnectAsync(fixture.Silo);
        var grain = bare.Client.GetGrain<IUserGrain>("intruder");

        // A signature of the right form, for this very call, made now, but with a key that is not the system's.
        using var folder = new TempFolder();
        var forged = new SiloCallSignature(SiloSigningKey.LoadOrCreate(Path.Combine(folder.Path, "other.key")), TimeProvider.System)
            .Sign(grain.GetGrainId(), typeof(IUserGrain).GetMethod(nameof(IUserGrain.DefineAsync))!);
        var error = await Assert.ThrowsAsync<AccessDeniedException>(() => BareOrleansClient.WithRequestContextAsync(
            () => grain.DefineAsync(Intruder, allowUpdate: true),
            (CallerPrincipal.SiloSignatureKey, forged),
            (CallerPrincipal.PrincipalKey, "admin"),
            (CallerPrincipal.RoleKey, CallerPrincipal.AdministratorRole)));

        Assert.Contains("no session token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_WhenExpired_IsRefusedWhileAFreshOneFromTheSameKeyIsServed()
    {
        await using var bare = await BareOrleansClient.ConnectAsync(fixture.Silo);
        var grain = bare.Client.GetGrain<IUserGrain>("minted");
        var expired = Mint(DateTimeOffset.UtcNow - TimeSpan.FromHours(2), "admin", CallerPrincipal.AdministratorRole);
        var fresh = Mint(DateTimeOffset.UtcNow, "admin", CallerPrincipal.AdministratorRole);

        var error = await Assert.ThrowsAsync<AccessDeniedException>(() => BareOrleansClient.WithRequestContextAsync(
            () => grain.DefineAsync(new UserDefinition("minted", 1, 1, 1, ["/home/minted"]), allowUpdate: true),
            (CallerPrincipal.TokenKey, expired.Token)));
        var served = await BareOrleansClient.WithRequestContextAsync(
            () => grain.DefineAsync(new UserDefinition("minted", 2, 1, 1, ["/home/minted"]), allowUpdate: true),
            (CallerPrincipal.TokenKey, fresh.Token));

        Assert.Contains("expired", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, served.Definition.Uid);
    }

    [Fact]
    public async Task Token_WhenTamperedToClaimAdministrator_IsRefused()
    {
        await using var bare = await BareOrleansClient.ConnectAsync(fixture.Silo);
        var token = Mint(DateTimeOffset.UtcNow, SiloFixture.UserName, CallerPrincipal.UserRole).Token;

        // v1.{payload}.{signature}: the payload says "alice\nuser\n{expiry}\n{nonce}"; make it say administrator.
        var parts = token.Split('.');
        var payload = FromBase64Url(parts[1]).Replace("\nuser\n", "\nadministrator\n", StringComparison.Ordinal);
        var tampered = $"{parts[0]}.{ToBase64Url(payload)}.{parts[2]}";
        var error = await Assert.ThrowsAsync<AccessDeniedException>(() => BareOrleansClient.WithRequestContextAsync(
            () => bare.Client.GetGrain<IUserGrain>("intruder").DefineAsync(Intruder, allowUpdate: true),
            (CallerPrincipal.TokenKey, tampered)));

        Assert.Contains("signature is wrong", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SiloFixture.UserName, "monitor")]
    [InlineData(SiloFixture.UserName, "registry")]
    [InlineData(SiloFixture.UserName, "worker")]
    [InlineData(SiloFixture.UserName, "reminder")]
    [InlineData("admin", "monitor")]
    [InlineData("admin", "registry")]
    [InlineData("admin", "worker")]
    [InlineData("admin", "reminder")]
    public async Task InternalInterface_WithAValidSession_IsRefused(string account, string target)
    {
        await using var connection = account == "admin" ? await fixture.ConnectAsync() : await fixture.ConnectAsync(SiloFixture.UserName, SiloFixture.UserSecret);
        var client = connection.Client;
        Func<Task> call = target switch
        {
            "monitor" => () => client.GetGrain<IMonitorGrain>(0).CheckAsync(),
            "registry" => () => client.GetGrain<IRegistryGrain>(RegistryKeys.System).GetUsersAsync(),
            "worker" => () => client.GetGrain<ISyncWorkerGrain>($"{SiloFixture.UserName}|NOWHERE|default").EnqueueAsync("docs", 9, "forged"),
            _ => () => client.GetGrain<IFileSetGrain>($"{SiloFixture.UserName}/docs").AsReference<IRemindable>().ReceiveReminder("schedule", default),
        };

        var error = await Assert.ThrowsAsync<AccessDeniedException>(call);

        Assert.Contains(target == "reminder" ? "clients may call only OrleansHa's grain interfaces" : Internal, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task User_ReadingAnotherUsersFileSet_IsRefused()
    {
        await using var alice = await fixture.ConnectAsync(SiloFixture.UserName, SiloFixture.UserSecret);

        var error = await Assert.ThrowsAsync<AccessDeniedException>(() => alice.Client.GetGrain<IFileSetGrain>("bob/payroll").GetAsync());

        Assert.Contains("user alice may not reach file set bob/payroll", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task User_ReadingAnotherUsersActivity_IsRefused()
    {
        await using var alice = await fixture.ConnectAsync(SiloFixture.UserName, SiloFixture.UserSecret);

        var error = await Assert.ThrowsAsync<AccessDeniedException>(() => alice.Client.GetGrain<IActivityLogGrain>("bob").QueryAsync(new ActivityQuery()));

        Assert.Contains("user alice may not reach user bob's activity log", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_AfterAThousandWrongPasswords_IsThrottledWhileAnotherAccountIsServed()
    {
        const string Secret = "victim-secret-0123456789";
        SiloFixture.AddUserAccount(fixture.Silo.CredentialsFile, "victim", Secret);
        await using var attacker = await BareOrleansClient.ConnectAsync(fixture.Silo);
        var login = attacker.Client.GetGrain<ILoginGrain>("victim");

        var refusals = new List<string>();
        for (var i = 0; i < 1000; i++)
        {
            refusals.Add((await Assert.ThrowsAsync<AccessDeniedException>(() => login.LoginAsync($"guess-{i}"))).Message);
        }

        var rightSecret = await Assert.ThrowsAsync<AccessDeniedException>(() => login.LoginAsync(Secret));
        await using var other = await fixture.ConnectAsync(SiloFixture.UserName, SiloFixture.UserSecret);
        var served = await other.Client.GetGrain<IFileSetGrain>($"{SiloFixture.UserName}/none").GetAsync();

        Assert.True(refusals.TakeWhile(m => m.StartsWith("Login refused", StringComparison.Ordinal)).Count() >= LoginThrottle.FreeFailures);
        Assert.Contains("Too many failed logins", refusals[^1], StringComparison.Ordinal);
        Assert.Contains("Too many failed logins", rightSecret.Message, StringComparison.Ordinal);
        Assert.Null(served);
        Assert.Equal(SiloFixture.UserName, other.Session.Name);
    }

    [Fact]
    public async Task Start_WithNonLoopbackGatewayWithoutTls_ExitsWithCodeTwoUnlessInsecure()
    {
        using var folder = new TempFolder();
        await using var refused = new SiloProcess(Path.Combine(folder.Path, "refused"), gatewayHost: "0.0.0.0");
        await using var insecure = new SiloProcess(Path.Combine(folder.Path, "insecure"), gatewayHost: "0.0.0.0");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => refused.StartAsync("--storage", "memory"));
        await insecure.StartAsync("--storage", "memory", "--insecure");
        await using var connection = await insecure.ConnectAsync();

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains($"Silo:Gateway is 0.0.0.0:{refused.GatewayPort}, beyond loopback, without TLS", error.Message, StringComparison.Ordinal);
        Assert.Contains("--insecure", error.Message, StringComparison.Ordinal);
        Assert.Equal("admin", connection.Session.Name);
    }

    // A token as the silo itself would issue it: its own SessionTokenService over its silo.key, at a clock of our choosing.
    private SessionToken Mint(DateTimeOffset now, string name, string role)
    {
        using var folder = new TempFolder();
        var settings = SiloSettings.Validate(new SiloHostOptions { DataFolder = folder.Path }, folder.Path);
        var tokens = new SessionTokenService(SiloSigningKey.LoadOrCreate(fixture.Silo.SigningKeyFile), new FakeTimeProvider(now), settings);
        return tokens.Issue(name, role);
    }

    private static string FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", _ => string.Empty };
        return Encoding.UTF8.GetString(Convert.FromBase64String(padded));
    }

    private static string ToBase64Url(string text)
        => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
