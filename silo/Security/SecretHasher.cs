using System.Security.Cryptography;
using System.Text;

namespace OrleansHa.Silo.Security;

/// <summary>PBKDF2-SHA256 hashes for stored secrets, and random secrets for new accounts.</summary>
public static class SecretHasher
{
    /// <summary>Iterations for new hashes; the count is stored with each hash so it can be raised later.</summary>
    public const int Iterations = 100_000;

    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    /// <summary>A new random secret: 32 bytes as URL-safe base64 (43 characters).</summary>
    public static string NewSecret()
        => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Hashes a secret with a fresh salt.</summary>
    public static (string Salt, string Hash) Hash(string secret)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return (Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>Whether <paramref name="secret"/> matches a stored hash (constant-time comparison).</summary>
    public static bool Verify(string secret, string salt, string hash, int iterations)
    {
        byte[] saltBytes, expected;
        try
        {
            saltBytes = Convert.FromBase64String(salt);
            expected = Convert.FromBase64String(hash);
        }
        catch (FormatException)
        {
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), saltBytes, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
