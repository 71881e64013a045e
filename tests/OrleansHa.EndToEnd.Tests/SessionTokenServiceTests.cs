using Microsoft.Extensions.Time.Testing;
using OrleansHa.EndToEnd.Tests.Infrastructure;
using OrleansHa.Silo.Hosting;
using OrleansHa.Silo.Security;

namespace OrleansHa.EndToEnd.Tests;

/// <summary>
/// The session token service in isolation, on a fake clock: remembering a verified token (so later calls skip the
/// HMAC) must never extend its life or let a changed token through.
/// </summary>
public sealed class SessionTokenServiceTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly SessionTokenService _tokens;

    public SessionTokenServiceTests()
    {
        var settings = SiloSettings.Validate(new SiloHostOptions { DataFolder = _folder.Path }, _folder.Path);
        _tokens = new SessionTokenService(SiloSigningKey.LoadOrCreate(Path.Combine(_folder.Path, "silo.key")), _time, settings);
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void TryVerify_WhenARememberedTokenExpires_RefusesIt()
    {
        var token = _tokens.Issue("alice", "user");
        Assert.True(_tokens.TryVerify(token.Token, out _, out _, out _));
        Assert.True(_tokens.TryVerify(token.Token, out var name, out var role, out _));

        _time.SetUtcNow(token.ExpiresAt);

        Assert.Equal(("alice", "user"), (name, role));
        Assert.False(_tokens.TryVerify(token.Token, out _, out _, out var refusal));
        Assert.Contains("expired", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void TryVerify_AfterTheTrueTokenWasRemembered_StillRefusesAChangedOne()
    {
        var token = _tokens.Issue("alice", "user").Token;
        Assert.True(_tokens.TryVerify(token, out _, out _, out _));
        // A character well inside the signature (the last one carries bits a decoder may ignore).
        var at = token.Length - 10;
        var changed = token[..at] + (token[at] == 'A' ? 'B' : 'A') + token[(at + 1)..];

        Assert.False(_tokens.TryVerify(changed, out _, out _, out var refusal));
        Assert.Contains("signature", refusal, StringComparison.Ordinal);
    }
}
