using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OrleansHa.Sync;

/// <summary>
/// The names of the temporary files a target writes before renaming them into place, and the only test of whether a
/// name is one: <c>.orleansha-partial-&lt;instance&gt;&lt;counter&gt;-&lt;tag&gt;</c>, where the tag is a truncated
/// HMAC-SHA256 of the instance part under a secret key the service keeps (32 random bytes in a file of mode 0600).
/// A user's own file named like ours carries no valid tag, since only the key's holder can compute one, so it is
/// listed, copied and never removed as a leftover. The tag covers the instance (random per target), not the counter,
/// so writing a file costs no hashing; checking a name costs one HMAC, and only for names with our prefix.
/// </summary>
public sealed class TemporaryNames
{
    /// <summary>The prefix every temporary name starts with (a name with it is ours only if its tag verifies).</summary>
    public const string Prefix = ".orleansha-partial-";

    private const int KeyBytes = 32;
    private const int RandomLength = 16; // 8 hex digits of instance, 8 of counter
    private const int TagLength = 16;   // 8 bytes of the HMAC, as hex
    private const int NameLength = 19 + RandomLength + 1 + TagLength; // Prefix.Length is 19

    private static readonly Lazy<TemporaryNames> s_process = new(() => new TemporaryNames(RandomNumberGenerator.GetBytes(KeyBytes)));

    private readonly byte[] _key;

    private TemporaryNames(byte[] key) => _key = key;

    /// <summary>
    /// A key that lives as long as this process: leftovers of an earlier process are then not recognised (they stay,
    /// and are treated as the user's). For tests and tools; the service loads its key with <see cref="LoadOrCreate"/>.
    /// </summary>
    public static TemporaryNames ForProcess => s_process.Value;

    /// <summary>
    /// Loads the key file at <paramref name="path"/>, creating it (32 random bytes, mode 0600, its folder 0700 if
    /// missing) on first use. Throws <see cref="InvalidDataException"/> when the file is readable by group or others
    /// or is not a key.
    /// </summary>
    public static TemporaryNames LoadOrCreate(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The sync engine runs on Linux only.");
        }

        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            var folder = Path.GetDirectoryName(full)!;
            if (!Directory.Exists(folder))
            {
                Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            var temporary = full + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".tmp";
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(RandomNumberGenerator.GetBytes(KeyBytes));
                stream.Flush(flushToDisk: true);
            }

            try
            {
                File.Move(temporary, full, overwrite: false);
            }
            catch (IOException) when (File.Exists(full))
            {
                File.Delete(temporary); // another process on this data folder made it first: use that one
            }
        }

        var mode = File.GetUnixFileMode(full);
        if ((mode & (UnixFileMode)0b000_111_111) != 0)
        {
            throw new InvalidDataException(
                $"The temporary-name key '{full}' has mode {Convert.ToString((int)mode, 8)}: group or others may read it. Allowed: 600 (owner only). Fix it with: chmod 600 '{full}'.");
        }

        var key = File.ReadAllBytes(full);
        return key.Length == KeyBytes
            ? new TemporaryNames(key)
            : throw new InvalidDataException(
                $"The temporary-name key '{full}' has {key.Length} bytes; allowed: {KeyBytes}. Delete it to have a new one made (leftovers of interrupted runs written under the old key are then kept as if they were the user's).");
    }

    /// <summary>A fresh instance part (random) for one target; <see cref="Name"/> then varies only the counter.</summary>
    internal Instance NewInstance()
    {
        var instance = (uint)RandomNumberGenerator.GetInt32(int.MaxValue);
        return new Instance(instance, Tag(instance.ToString("x8", CultureInfo.InvariantCulture)));
    }

    /// <summary>The temporary name for <paramref name="counter"/> of <paramref name="instance"/>.</summary>
    internal static string Name(in Instance instance, uint counter)
        => string.Create(NameLength, (instance, counter), static (span, state) =>
        {
            Prefix.AsSpan().CopyTo(span);
            state.instance.Value.TryFormat(span[Prefix.Length..], out _, "x8", CultureInfo.InvariantCulture);
            state.counter.TryFormat(span[(Prefix.Length + 8)..], out _, "x8", CultureInfo.InvariantCulture);
            span[Prefix.Length + RandomLength] = '-';
            state.instance.Tag.AsSpan().CopyTo(span[(Prefix.Length + RandomLength + 1)..]);
        });

    /// <summary>True only for a name this service made: our prefix, the exact shape, and a tag that verifies under the key.</summary>
    public bool IsOurs(ReadOnlySpan<char> name)
    {
        if (name.Length != NameLength || !name.StartsWith(Prefix, StringComparison.Ordinal) || name[Prefix.Length + RandomLength] != '-')
        {
            return false;
        }

        var random = name.Slice(Prefix.Length, RandomLength);
        foreach (var c in random)
        {
            if (!char.IsAsciiHexDigitLower(c))
            {
                return false;
            }
        }

        Span<byte> expected = stackalloc byte[TagLength];
        Span<byte> given = stackalloc byte[TagLength];
        Encoding.ASCII.GetBytes(Tag(random[..8].ToString()), expected);
        return Encoding.ASCII.GetBytes(name[(Prefix.Length + RandomLength + 1)..], given) == TagLength
            && CryptographicOperations.FixedTimeEquals(expected, given);
    }

    private string Tag(string instanceHex)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes("orleansha temporary name v1:" + instanceHex), mac);
        return Convert.ToHexStringLower(mac[..(TagLength / 2)]);
    }

    /// <summary>One target's instance part and its tag.</summary>
    internal readonly record struct Instance(uint Value, string Tag);
}
