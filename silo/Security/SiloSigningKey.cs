using System.Security.Cryptography;
using System.Text;

namespace OrleansHa.Silo.Security;

/// <summary>
/// The secret only this system's silos hold (a file of 32 random bytes, mode 0600, created on first start). Two keys
/// are derived from it: one signs session tokens, the other signs the calls silos make to each other.
/// </summary>
public sealed class SiloSigningKey
{
    private const int KeyBytes = 32;

    private SiloSigningKey(byte[] master)
    {
        TokenKey = HMACSHA256.HashData(master, Encoding.ASCII.GetBytes("orleansha session token v1"));
        CallKey = HMACSHA256.HashData(master, Encoding.ASCII.GetBytes("orleansha silo call v1"));
    }

    /// <summary>The key session tokens are signed with.</summary>
    internal byte[] TokenKey { get; }

    /// <summary>The key silo-to-silo calls are signed with.</summary>
    internal byte[] CallKey { get; }

    /// <summary>Loads the key file, creating it when missing; throws <see cref="InvalidDataException"/> naming what is wrong.</summary>
    public static SiloSigningKey LoadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            var fresh = RandomNumberGenerator.GetBytes(KeyBytes);
            try
            {
                SecretFile.CreateOwnerOnly(path, stream => stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(fresh))));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another silo on this data folder created it first: use that one.
            }
        }

        SecretFile.RequireOwnerOnly(path, "silo signing key");
        byte[] master;
        try
        {
            master = Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
        catch (FormatException error)
        {
            throw new InvalidDataException($"The silo signing key '{path}' is not base64. Delete it to have a new one made (every session token issued with the old one stops working).", error);
        }

        if (master.Length < KeyBytes)
        {
            throw new InvalidDataException($"The silo signing key '{path}' has {master.Length} bytes; allowed: at least {KeyBytes}. Delete it to have a new one made.");
        }

        return new SiloSigningKey(master);
    }
}
