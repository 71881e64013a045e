using System.Globalization;
using Orleans.Storage;

namespace OrleansHa.Storage;

/// <summary>A queued state write (payload given) or clear (payload null), checked against the stored ETag.</summary>
internal sealed class SqliteGrainStateWrite(string stateName, GrainId grainId, string? givenETag, byte[]? payload)
    : SqliteWriteOperation<string?>
{
    private readonly string _grainId = grainId.ToString();

    public override Exception DescribeFailure(Exception exception, string filePath)
        => exception is InconsistentStateException
            ? exception
            : new OrleansException(
                $"SQLite could not {(payload is null ? "clear" : "write")} state '{stateName}' of grain '{grainId}' in '{filePath}': {exception.Message} Nothing of this write was stored. Check free disk space and file permissions.",
                exception);

    protected override string? Run(SqliteWriterSession session)
    {
        var schema = (SqliteStorageSchema)session.Schema;
        var read = session.Command(SqliteStorageSchema.ReadStateETag, "$s", "$g");
        read.Parameters[0].Value = stateName;
        read.Parameters[1].Value = _grainId;
        var stored = read.ExecuteScalar() is long version ? version.ToString(CultureInfo.InvariantCulture) : null;
        if (!string.Equals(stored, givenETag, StringComparison.Ordinal))
        {
            throw new InconsistentStateException(
                GrainStateJson.ConflictMessage(payload is null ? "clearing" : "writing", stateName, grainId, stored, givenETag),
                stored,
                givenETag);
        }

        if (payload is null)
        {
            if (stored is not null)
            {
                var delete = session.Command(SqliteStorageSchema.DeleteState, "$s", "$g");
                delete.Parameters[0].Value = stateName;
                delete.Parameters[1].Value = _grainId;
                delete.ExecuteNonQuery();
                schema.NoteDelete();
            }

            return null;
        }

        var next = schema.NextVersion();
        var upsert = session.Command(SqliteStorageSchema.UpsertState, "$s", "$g", "$e", "$p");
        upsert.Parameters[0].Value = stateName;
        upsert.Parameters[1].Value = _grainId;
        upsert.Parameters[2].Value = next;
        upsert.Parameters[3].Value = payload;
        upsert.ExecuteNonQuery();
        return next.ToString(CultureInfo.InvariantCulture);
    }
}
