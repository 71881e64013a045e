using OrleansHa.Roles;

namespace OrleansHa.Grains.Roles.Readiness;

// The definitions a swap needs on the backup: user profiles (first: file sets are checked against their owner),
// a destination back to production, and every file set and journal defined in the reverse direction.
public static partial class ReadinessCheck
{
    private static IEnumerable<ReadinessItem> UserItems(Sides sides)
    {
        var backup = sides.Backup!;
        var theirs = backup.Settings.Users.ToDictionary(u => u.Definition.Name, StringComparer.Ordinal);
        foreach (var mine in sides.Production.Settings.Users.OrderBy(u => u.Definition.Name, StringComparer.Ordinal))
        {
            var p = mine.Definition;
            var define = $"user add {p.Name} --uid {p.Uid} --gid {p.Gid} --max-priority {p.MaxPriority} --root DIR";
            if (!theirs.TryGetValue(p.Name, out var other))
            {
                yield return new ReadinessItem(ReadinessCategory.User, p.Name, Ready: false,
                    $"user {p.Name} is not defined on {sides.BackupName}: define it there before anything else ({define}, with roots holding the replicas of its file sets).");
                continue;
            }

            var b = other.Definition;
            var differences = new List<string>();
            if (b.Uid != p.Uid)
            {
                differences.Add($"uid {b.Uid} there, {p.Uid} here");
            }

            if (b.Gid != p.Gid)
            {
                differences.Add($"gid {b.Gid} there, {p.Gid} here");
            }

            if (b.MaxPriority != p.MaxPriority)
            {
                differences.Add($"maximum priority {b.MaxPriority} there, {p.MaxPriority} here");
            }

            if (differences.Count > 0)
            {
                yield return new ReadinessItem(ReadinessCategory.User, p.Name, Ready: false,
                    $"user {p.Name} differs on {sides.BackupName} ({string.Join("; ", differences)}): make it alike there (user update {p.Name} --uid {p.Uid} --gid {p.Gid} --max-priority {p.MaxPriority}).");
            }
            else if (other.Suspended && !mine.Suspended)
            {
                yield return new ReadinessItem(ReadinessCategory.User, p.Name, Ready: false,
                    $"user {p.Name} is suspended on {sides.BackupName} but not here: after a swap its file sets would not run; resume it there (user resume {p.Name}).",
                    Blocking: false);
            }
            else
            {
                yield return new ReadinessItem(ReadinessCategory.User, p.Name, Ready: true,
                    $"user {p.Name} is defined alike on {sides.BackupName} (uid {p.Uid}, gid {p.Gid}, maximum priority {p.MaxPriority}).");
            }
        }
    }

    private static ReadinessItem DestinationItem(Sides sides)
    {
        var backup = sides.Backup!;
        var reverse = backup.Settings.Destinations.Where(d => sides.Reverse.Contains(d.Definition.Name)).OrderBy(d => d.Definition.Name, StringComparer.Ordinal).ToList();
        if (reverse.Count == 0)
        {
            return new ReadinessItem(ReadinessCategory.Destination, $"{sides.BackupName} to {sides.ProductionName}", Ready: false,
                $"{sides.BackupName} has no silo destination whose remote system is {sides.ProductionName}: define one there (destination add {sides.ProductionName} --silo {backup.Gate.ProductionGateway ?? "HOST:PORT"} --remote-system {sides.ProductionName} --credential NAME), so that file sets run back after a swap.");
        }

        var names = string.Join(", ", reverse.Select(d => d.Definition.Name));
        if (reverse.All(d => !d.SyncEnabled))
        {
            return new ReadinessItem(ReadinessCategory.Destination, reverse[0].Definition.Name, Ready: false,
                $"{sides.BackupName}'s destination {names} to {sides.ProductionName} has sync disabled: runs back after a swap would wait; enable it there.",
                Blocking: false);
        }

        return new ReadinessItem(ReadinessCategory.Destination, reverse[0].Definition.Name, Ready: true,
            $"{sides.BackupName} reaches {sides.ProductionName} through destination {names}.");
    }

    private static IEnumerable<ReadinessItem> FileSetItems(Sides sides)
    {
        var backup = sides.Backup!;
        var theirs = backup.Settings.FileSets.ToDictionary(f => f.Definition.Key, StringComparer.Ordinal);
        var reverseHint = sides.Reverse.Count == 0 ? $"a destination to {sides.ProductionName}" : string.Join(" or ", sides.Reverse.Order(StringComparer.Ordinal));
        foreach (var mine in sides.Production.Settings.FileSets.OrderBy(f => f.Definition.Key, StringComparer.Ordinal))
        {
            var p = mine.Definition;
            foreach (var target in p.Targets.Where(t => sides.Forward.Contains(t.Destination)))
            {
                var replica = target.TargetPath;
                var subject = p.Key;
                if (!theirs.TryGetValue(p.Key, out var other))
                {
                    yield return new ReadinessItem(ReadinessCategory.FileSet, subject, Ready: false,
                        $"file set {p.Key} is not defined on {sides.BackupName}: define it there with source {replica} (where {target.Destination} puts the files) and a target {reverseHint}:{p.SourceRoot}, so that it runs back after a swap.");
                    continue;
                }

                var b = other.Definition;
                if (!SamePath(b.SourceRoot, replica))
                {
                    yield return new ReadinessItem(ReadinessCategory.FileSet, subject, Ready: false,
                        $"file set {p.Key} on {sides.BackupName} copies {b.SourceRoot}, but {sides.ProductionName}'s files land in {replica} there: change its source to {replica}.");
                    continue;
                }

                var back = b.Targets.Where(t => sides.Reverse.Contains(t.Destination)).ToList();
                if (back.Count == 0)
                {
                    yield return new ReadinessItem(ReadinessCategory.FileSet, subject, Ready: false,
                        $"file set {p.Key} on {sides.BackupName} has no target on a destination to {sides.ProductionName}: add the target {reverseHint}:{p.SourceRoot} there.");
                    continue;
                }

                if (back.FirstOrDefault(t => SamePath(t.TargetPath, p.SourceRoot)) is not { } match)
                {
                    yield return new ReadinessItem(ReadinessCategory.FileSet, subject, Ready: false,
                        $"file set {p.Key} on {sides.BackupName} goes back to {string.Join(", ", back.Select(t => $"{t.Destination}:{t.TargetPath}"))}, not to its source here, {p.SourceRoot}: change that target's path to {p.SourceRoot}.");
                    continue;
                }

                yield return new ReadinessItem(ReadinessCategory.FileSet, subject, Ready: true,
                    $"file set {p.Key} on {sides.BackupName} copies {replica} back to {match.Destination}:{p.SourceRoot}.");
            }
        }
    }

    private static IEnumerable<ReadinessItem> JournalItems(Sides sides)
    {
        var backup = sides.Backup!;
        var theirs = backup.Journals.ToDictionary(j => j.Name, StringComparer.Ordinal);
        var gateway = backup.Gate.ProductionGateway ?? "HOST:PORT";
        foreach (var mine in sides.Production.Journals.OrderBy(j => j.Name, StringComparer.Ordinal))
        {
            if (mine.Definition?.Receivers.Any(r => r.SystemName == sides.BackupName) != true)
            {
                continue;
            }

            var define = $"journal create {mine.Name} --receiver {sides.ProductionName},{gateway},CREDENTIAL";
            if (!theirs.TryGetValue(mine.Name, out var other) || other.Definition is null)
            {
                yield return new ReadinessItem(ReadinessCategory.Journal, mine.Name, Ready: false,
                    $"journal {mine.Name} on {sides.BackupName} is not defined, so it has no receiver {sides.ProductionName}; define it with {define} on {sides.BackupName}.");
            }
            else if (!other.Definition.Receivers.Any(r => r.SystemName == sides.ProductionName))
            {
                yield return new ReadinessItem(ReadinessCategory.Journal, mine.Name, Ready: false,
                    $"journal {mine.Name} on {sides.BackupName} has no receiver {sides.ProductionName}; define it with {define} on {sides.BackupName} (keeping its other receivers).");
            }
            else
            {
                yield return new ReadinessItem(ReadinessCategory.Journal, mine.Name, Ready: true,
                    $"journal {mine.Name} on {sides.BackupName} ships back to {sides.ProductionName}.");
            }
        }
    }

    /// <summary>Paths compare as written, ignoring a trailing separator.</summary>
    private static bool SamePath(string a, string b) => string.Equals(TrimEnd(a), TrimEnd(b), StringComparison.Ordinal);

    private static string TrimEnd(string path) => path.Length > 1 ? path.TrimEnd('/', '\\') : path;
}
