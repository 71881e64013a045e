using System.Globalization;

namespace OrleansHa.Sync;

internal sealed partial class SyncRun
{
    /// <summary>
    /// The delete guard, checked after planning and before anything is applied: counts the files and links the plan
    /// would remove from the destination (those under a deleted directory included) against the files and links the
    /// destination holds, and refuses a run that deletes more than <see cref="SyncOptions.MassDeleteShare"/> of them
    /// (and at least <see cref="SyncOptions.MassDeleteMinimum"/>), or every one of them. Directories are not counted:
    /// an emptied tree of directories is what its files say it is. An entry replaced by one of another kind at the
    /// same path is not counted (the path still holds the file set's entry), but what was under a replaced directory is.
    /// "Every one of them" means the run would leave the destination without a file: all of its files go and the
    /// source brings none (an empty or unmounted source); a first mirror run that removes a stray file from a target
    /// it fills is not that.
    /// </summary>
    public void EnsureDeletesAllowed(bool allowMassDelete)
    {
        long destinationFiles = 0;
        for (var i = 0; i < _old.Count; i++)
        {
            destinationFiles += IsFileOrLink(_old[i].Kind) ? 1 : 0;
        }

        long wouldDelete = 0;
        foreach (var i in _deletes)
        {
            var replaced = _source.IndexOf(_old.PathBytes(i)) >= 0;
            if (_old[i].Kind != SyncEntryKind.Directory)
            {
                wouldDelete += replaced ? 0 : 1;
                continue;
            }

            // Planned deletions never nest, and a directory's descendants follow it in tree order.
            for (var k = i + 1; k < _old.Count && IsStrictlyUnder(_old.PathBytes(k), _old.PathBytes(i)); k++)
            {
                wouldDelete += IsFileOrLink(_old[k].Kind) ? 1 : 0;
            }
        }

        var sourceFiles = 0;
        for (var j = 0; j < _source.Count && sourceFiles == 0; j++)
        {
            sourceFiles += IsFileOrLink(_source[j].Kind) ? 1 : 0;
        }

        var all = destinationFiles > 0 && wouldDelete == destinationFiles && sourceFiles == 0;
        var overShare = wouldDelete > _options.MassDeleteShare * destinationFiles && wouldDelete >= _options.MassDeleteMinimum;
        if (allowMassDelete || !(all || overShare))
        {
            return;
        }

        var why = all
            ? "every one of them"
            : string.Create(CultureInfo.InvariantCulture, $"more than the allowed {_options.MassDeleteShare * 100:0.##}% (and at least {_options.MassDeleteMinimum:N0} files)");
        var counts = string.Create(CultureInfo.InvariantCulture, $"it would delete {wouldDelete:N0} of the destination's {destinationFiles:N0} files and links");
        throw new MassDeleteRefusedException(wouldDelete, destinationFiles,
            $"The delete guard stopped the run before it changed anything: {counts}, {why}. "
            + "An empty, unmounted or wrongly configured source is the usual cause: check the source first. "
            + "If the deletions are meant, let one run through with `sync now --allow-mass-delete`.");
    }

    private static bool IsFileOrLink(SyncEntryKind kind) => kind is SyncEntryKind.File or SyncEntryKind.Symlink;
}
