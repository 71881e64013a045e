using System.Security.Cryptography;
using System.Text;

namespace OrleansHa.Storage;

/// <summary>
/// Builds blob names from state names, grain ids and reminder names. Each part is escaped so that it holds only
/// <c>[A-Za-z0-9_-]</c> and <c>~XX</c> escapes (no '/', '.' or '..' a URL could reinterpret); parts are joined with
/// '/', so one grain's blobs share a prefix no other grain's can match. Very long parts end in a SHA-256 hash.
/// </summary>
internal static class AzureBlobNames
{
    private const int MaxPartLength = 400;

    public static string GrainState(string stateName, string grainId) => $"{Escape(stateName)}/{Escape(grainId)}.json";

    public static string ReminderPrefix(string grainId) => Escape(grainId) + "/";

    public static string Reminder(string grainId, string reminderName) => ReminderPrefix(grainId) + Escape(reminderName);

    public static string Escape(string part)
    {
        var bytes = Encoding.UTF8.GetBytes(part);
        var builder = new StringBuilder(bytes.Length + 8);
        foreach (var b in bytes)
        {
            if (b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9') or (byte)'_' or (byte)'-')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('~').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        if (builder.Length <= MaxPartLength)
        {
            return builder.ToString();
        }

        // Azure allows 1024 characters per blob name: keep a readable head and make the rest a hash.
        var hash = Convert.ToHexString(SHA256.HashData(bytes));
        return builder.ToString(0, MaxPartLength - hash.Length - 2) + "~h" + hash;
    }
}
