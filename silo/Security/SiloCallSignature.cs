using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OrleansHa.Silo.Security;

/// <summary>
/// The signature a silo puts on each call it makes: <c>{unix ms}.{HMAC-SHA256(call key, "unix ms|target|interface|method")}</c>.
/// It binds the call's target grain and method, so a signature seen once cannot be reused for another call, and it is
/// accepted for <see cref="MaxAge"/> either side of now (clock skew between silos).
/// </summary>
public sealed class SiloCallSignature(SiloSigningKey key, TimeProvider time)
{
    /// <summary>How far a signature's time may be from this silo's clock.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    /// <summary>Signs a call to <paramref name="target"/>'s <paramref name="method"/>.</summary>
    public string Sign(GrainId target, System.Reflection.MethodInfo method)
    {
        var at = time.GetUtcNow().ToUnixTimeMilliseconds();
        return at.ToString(CultureInfo.InvariantCulture) + "." + Convert.ToBase64String(Mac(at, target, method));
    }

    /// <summary>True when <paramref name="signature"/> is a silo's signature of this very call, made recently.</summary>
    public bool Verify(string? signature, GrainId target, System.Reflection.MethodInfo method)
    {
        var dot = signature?.IndexOf('.') ?? -1;
        if (signature is null || dot <= 0 || !long.TryParse(signature.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var at))
        {
            return false;
        }

        var age = Math.Abs(time.GetUtcNow().ToUnixTimeMilliseconds() - at);
        if (age > MaxAge.TotalMilliseconds)
        {
            return false;
        }

        Span<byte> given = stackalloc byte[HMACSHA256.HashSizeInBytes];
        return Base64.DecodeFromUtf8(Encoding.ASCII.GetBytes(signature[(dot + 1)..]), given, out _, out var written) == System.Buffers.OperationStatus.Done
            && written == given.Length
            && CryptographicOperations.FixedTimeEquals(given, Mac(at, target, method));
    }

    private byte[] Mac(long at, GrainId target, System.Reflection.MethodInfo method)
        => HMACSHA256.HashData(key.CallKey, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{at}|{target}|{method.DeclaringType?.FullName}|{method.Name}")));
}
