using System.Globalization;
using Microsoft.Data.Sqlite;
using Orleans.Storage;

namespace OrleansHa.Storage;

/// <summary>
/// Grain storage in a SQLite file: one row per (state name, grain id), state as JSON in a BLOB, ETag a version
/// number. Writes share group commits (see <see cref="SqliteDatabase"/>) and complete once durable.
/// </summary>
/// <param name="database">A hold on the database file (shared with the reminder table when they name the same path).</param>
public sealed class SqliteGrainStorage(SqliteDatabase database) : IGrainStorage
{
    /// <summary>The database this storage writes to.</summary>
    public SqliteDatabase Database { get; } = database ?? throw new ArgumentNullException(nameof(database));

    /// <inheritdoc/>
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        try
        {
            ReadState(stateName, grainId, grainState);
            return Task.CompletedTask;
        }
        catch (Exception ex)
        {
            return Task.FromException(ex);
        }
    }

    private void ReadState<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        GrainStateJson.CheckArguments(stateName, grainId, grainState);
        var id = grainId.ToString();
        (long Version, byte[] Payload)? row;
        try
        {
            row = Database.Read<(long, byte[])?>(reader =>
            {
                var command = reader.Command(SqliteStorageSchema.ReadState, "$s", "$g");
                command.Parameters[0].Value = stateName;
                command.Parameters[1].Value = id;
                using var result = command.ExecuteReader();
                return result.Read() ? (result.GetInt64(0), (byte[])result.GetValue(1)) : null;
            });
        }
        catch (SqliteException ex)
        {
            throw new OrleansException(
                $"SQLite could not read state '{stateName}' of grain '{grainId}' from '{Database.FilePath}': {ex.Message} Check that the file is readable and not damaged.",
                ex);
        }

        if (row is not { } found)
        {
            // A missing record leaves the state the runtime passed in (a fresh instance).
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        grainState.State = GrainStateJson.Deserialize<T>(found.Payload, stateName, grainId);
        grainState.ETag = found.Version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    /// <inheritdoc/>
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        GrainStateJson.CheckArguments(stateName, grainId, grainState);

        // Serialize on the caller's side: a state that cannot be serialized fails here, before anything is queued,
        // and the bytes are a snapshot, so later changes to the object do not leak into the stored record.
        var payload = GrainStateJson.Serialize(grainState.State, stateName, grainId);
        var eTag = await Database.EnqueueAsync(new SqliteGrainStateWrite(stateName, grainId, grainState.ETag, payload));
        grainState.ETag = eTag;
        grainState.RecordExists = true;
    }

    /// <inheritdoc/>
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        GrainStateJson.CheckArguments(stateName, grainId, grainState);
        await Database.EnqueueAsync(new SqliteGrainStateWrite(stateName, grainId, grainState.ETag, payload: null));
        grainState.ETag = null;
        grainState.RecordExists = false;
    }
}
