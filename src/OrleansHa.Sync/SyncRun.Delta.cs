using Microsoft.Win32.SafeHandles;
using OrleansHa.Sync.Delta;
using OrleansHa.Sync.Native;

namespace OrleansHa.Sync;

/// <summary>
/// The engine's choice of delta transfer: a modified file of at least <see cref="SyncOptions.DeltaMinimumSize"/> bytes
/// that the previous state had as a regular file goes as a delta when the target offers it (<see cref="IDeltaSyncTarget"/>)
/// and still holds a regular file there; everything else, and a delta the target could not build, is copied whole.
/// </summary>
internal sealed partial class SyncRun
{
    private long _literalBytes;
    private long _matchedBytes;

    /// <summary>Bytes sent as literal data of deltas (also of a delta the target then refused).</summary>
    public long LiteralBytes => _literalBytes;

    /// <summary>Bytes of built files that came from the target's previous versions.</summary>
    public long MatchedBytes => _matchedBytes;

    /// <summary>Sends the file as a delta if it qualifies; returns the content read, or null when it must be copied whole.</summary>
    private async Task<LocalSourceFile?> TryDeltaAsync(ISyncTarget target, int j, string path, SafeFileHandle handle, StatInfo opened, CancellationToken cancellationToken)
    {
        if (target is not IDeltaSyncTarget delta || opened.Size < _options.DeltaMinimumSize)
        {
            return null;
        }

        var old = _old.IndexOf(_source.PathBytes(j));
        if (old < 0 || _old[old].Kind != SyncEntryKind.File || _old[old].Size == 0)
        {
            return null;
        }

        var signature = await delta.GetSignatureAsync(path, cancellationToken).ConfigureAwait(false);
        if (signature is null || signature.Length == 0)
        {
            return null;
        }

        var content = new LocalSourceFile(handle, opened, path, _options.VerifyContent);
        var encoder = new DeltaEncoder(content, signature);
        var built = await delta.WriteDeltaAsync(path, MetadataFor(j, opened), signature, encoder, cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref _literalBytes, encoder.LiteralBytes);
        if (!built)
        {
            return null; // the target's file changed meanwhile, or the result did not match: the whole file goes
        }

        Interlocked.Add(ref _matchedBytes, encoder.MatchedBytes);
        return content;
    }
}
