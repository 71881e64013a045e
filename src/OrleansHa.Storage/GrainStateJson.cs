using System.Text.Json;

namespace OrleansHa.Storage;

/// <summary>
/// How every provider here turns grain state into bytes: System.Text.Json with public fields included and
/// property names kept as declared, so state classes need public get/set properties or fields.
/// </summary>
public static class GrainStateJson
{
    /// <summary>The serializer settings (IncludeFields = true, no naming policy).</summary>
    public static JsonSerializerOptions Options { get; } = new() { IncludeFields = true, PropertyNamingPolicy = null };

    /// <summary>Serializes a state; a state the serializer cannot handle fails with a message naming the grain and type.</summary>
    public static byte[] Serialize<T>(T state, string stateName, GrainId grainId)
    {
        try
        {
            return JsonSerializer.SerializeToUtf8Bytes(state, Options);
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or JsonException or ArgumentException)
        {
            throw new OrleansException(
                $"Cannot serialize state '{stateName}' of grain '{grainId}' (type {typeof(T).FullName}) as JSON: {ex.Message} State classes need public get/set properties or public fields of JSON-serializable types. Nothing was written.",
                ex);
        }
    }

    /// <summary>Deserializes a stored state; unreadable bytes fail with a message naming the grain and type.</summary>
    public static T Deserialize<T>(ReadOnlySpan<byte> payload, string stateName, GrainId grainId)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(payload, Options)!;
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or JsonException or ArgumentException)
        {
            throw new OrleansException(
                $"Cannot read stored state '{stateName}' of grain '{grainId}' as {typeof(T).FullName}: {ex.Message} The stored JSON does not fit the state class; was the class changed incompatibly?",
                ex);
        }
    }

    /// <summary>Checks the arguments every provider receives.</summary>
    internal static void CheckArguments<T>(string stateName, GrainId grainId, Orleans.IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        if (string.IsNullOrEmpty(stateName))
        {
            throw new ArgumentException("The state name is empty: name the state, e.g. [PersistentState(\"profile\")].", nameof(stateName));
        }

        if (grainId.IsDefault)
        {
            throw new ArgumentException("The grain id is the default (empty) id: pass the grain's own id.", nameof(grainId));
        }
    }

    /// <summary>The message of an ETag conflict, naming the grain, the state and both ETags.</summary>
    internal static string ConflictMessage(string action, string stateName, GrainId grainId, string? stored, string? given)
        => $"ETag mismatch {action} state '{stateName}' of grain '{grainId}': stored ETag is {Describe(stored, "none (no record)")}, "
           + $"the grain gave {Describe(given, "none (it expected no record)")}. Another writer changed the record since this grain read it; read it again.";

    private static string Describe(string? eTag, string whenNull) => eTag is null ? whenNull : $"'{eTag}'";
}
