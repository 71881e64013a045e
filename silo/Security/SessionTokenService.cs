using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using OrleansHa.Security;
using OrleansHa.Silo.Hosting;

namespace OrleansHa.Silo.Security;

/// <summary>
/// Issues and verifies session tokens: <c>v1.{payload}.{signature}</c>, the payload (base64url) holding the account,
/// its role and the expiry, the signature an HMAC-SHA256 under the silos' token key. A token that was changed, signed
/// with another key or expired is refused. A token verified once is remembered until it expires, so a session's
/// later calls cost a dictionary lookup instead of decoding and an HMAC (the gateway's calls/s depend on it).
/// </summary>
public sealed class SessionTokenService(SiloSigningKey key, TimeProvider time, SiloSettings settings)
{
    private const string Prefix = "v1.";

    // Bounded: past this many live sessions the memory is dropped and rebuilt from the calls that follow.
    private const int MaxRemembered = 10_000;

    private readonly ConcurrentDictionary<string, Verified> _verified = new(StringComparer.Ordinal);

    /// <summary>A token for <paramref name="name"/> in <paramref name="role"/>, valid for the configured session lifetime.</summary>
    public SessionToken Issue(string name, string role)
    {
        var expires = time.GetUtcNow() + settings.SessionLifetime;
        var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
        var payload = string.Join('\n', name, role, expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), nonce);
        var payloadBytes = Encoding.UTF8.GetBytes(payload);
        var token = Prefix + Base64Url(payloadBytes) + "." + Base64Url(HMACSHA256.HashData(key.TokenKey, payloadBytes));
        return new SessionToken(token, name, role, DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds()));
    }

    /// <summary>The account and role <paramref name="token"/> was issued to, or the reason it is refused.</summary>
    public bool TryVerify(string? token, out string name, out string role, out string refusal)
    {
        name = role = string.Empty;
        if (string.IsNullOrEmpty(token))
        {
            refusal = "the call carries no session token: log in first (ILoginGrain.LoginAsync)";
            return false;
        }

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        if (_verified.TryGetValue(token, out var known))
        {
            if (now < known.Expires)
            {
                (name, role, refusal) = (known.Name, known.Role, string.Empty);
                return true;
            }

            _verified.TryRemove(token, out _);
        }

        var dot = token.LastIndexOf('.');
        if (!token.StartsWith(Prefix, StringComparison.Ordinal) || dot <= Prefix.Length
            || !TryFromBase64Url(token[Prefix.Length..dot], out var payload) || !TryFromBase64Url(token[(dot + 1)..], out var signature))
        {
            refusal = "the session token is malformed: log in again";
            return false;
        }

        if (!CryptographicOperations.FixedTimeEquals(signature, HMACSHA256.HashData(key.TokenKey, payload)))
        {
            refusal = "the session token's signature is wrong (changed, or issued by another system): log in again";
            return false;
        }

        var parts = Encoding.UTF8.GetString(payload).Split('\n');
        if (parts.Length != 4 || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            refusal = "the session token is malformed: log in again";
            return false;
        }

        if (now >= expires)
        {
            refusal = $"the session token expired at {DateTimeOffset.FromUnixTimeSeconds(expires):u}: log in again";
            return false;
        }

        name = parts[0];
        role = parts[1];
        refusal = string.Empty;
        if (_verified.Count >= MaxRemembered)
        {
            _verified.Clear();
        }

        _verified[token] = new Verified(name, role, expires);
        return true;
    }

    private sealed record Verified(string Name, string Role, long Expires);

    private static string Base64Url(ReadOnlySpan<byte> bytes)
        => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryFromBase64Url(string text, out byte[] bytes)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", _ => string.Empty };
        try
        {
            bytes = Convert.FromBase64String(padded);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }
}
