using OrleansHa.Destinations;
using OrleansHa.Roles;

namespace OrleansHa.Grains.Roles.Readiness;

/// <summary>
/// Whether production could hand over to a backup: compares the two systems' descriptions item by item. Items come in
/// <see cref="ReadinessCategory"/> order (the group, then user profiles, then the reverse-direction definitions, then
/// the replication state and the clocks); each says why it holds or not and, when not, what to do. Blocking items refuse
/// a swap; warnings (a backlog a switch-over drains, an old run its final run repeats, a small clock skew) do not.
/// </summary>
public static partial class ReadinessCheck
{
    /// <summary>
    /// The readiness of a switch-over from <paramref name="production"/> to <paramref name="backup"/>. The backup's
    /// description was asked at <paramref name="sentAt"/> and arrived at <paramref name="receivedAt"/> (production's
    /// clock), which gives the clock skew; null <paramref name="backup"/> means the backup did not answer (<paramref name="unreachable"/> says why).
    /// </summary>
    public static ReadinessReport Evaluate(
        SystemDescription production, SystemDescription? backup, string backupName, string? unreachable,
        DateTimeOffset sentAt, DateTimeOffset receivedAt, RoleOptions options)
    {
        ArgumentNullException.ThrowIfNull(production);
        ArgumentException.ThrowIfNullOrEmpty(backupName);
        ArgumentNullException.ThrowIfNull(options);

        var items = new List<ReadinessItem>();
        TimeSpan? skew = null;
        var sides = new Sides(production, backup, backupName);
        if (backup is null)
        {
            items.Add(new ReadinessItem(
                ReadinessCategory.Group, backupName, Ready: false,
                $"{backupName} did not answer ({unreachable ?? "no reason given"}), so nothing could be checked there: start it, or correct its gateway and credential in the group definition (role define), then check again."));
        }
        else
        {
            items.Add(GroupItem(production, backup, backupName));
            items.AddRange(UserItems(sides));
            items.Add(DestinationItem(sides));
            items.AddRange(FileSetItems(sides));
            items.AddRange(JournalItems(sides));
            skew = Skew(backup.Clock, sentAt, receivedAt);
            items.Add(ClockItem(sides, backup.Clock, sentAt, receivedAt, options));
        }

        // What production knows alone (its receivers' positions, its runs) is reported even when the backup is silent.
        items.AddRange(BacklogItems(sides));
        items.AddRange(LastRunItems(sides, receivedAt));

        // Stable: within a category, the order the items were made in (sorted by subject where they were made).
        var ordered = items.OrderBy(i => i.Category).ToList();
        var ready = ordered.All(i => i.Ready || !i.Blocking);
        return new ReadinessReport(receivedAt, production.SystemName, backupName, ready, Score(ordered), ordered, skew);
    }

    /// <summary>The share of items that hold, 0 to 100, rounded down; 100 when there are none.</summary>
    public static int Score(IReadOnlyCollection<ReadinessItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return items.Count == 0 ? 100 : items.Count(i => i.Ready) * 100 / items.Count;
    }

    private static ReadinessItem GroupItem(SystemDescription production, SystemDescription backup, string backupName)
    {
        var p = production.Gate;
        var b = backup.Gate;
        var problems = new List<string>();
        if (p.Role != SystemRole.Production)
        {
            problems.Add($"{production.SystemName} is not production (production is {p.Production ?? "not defined"} at epoch {p.Epoch}): check from the production system");
        }
        else if (p.Phase != HaGroupPhase.Steady)
        {
            problems.Add($"{production.SystemName} is in phase {p.Phase}: wait for the role change under way to end");
        }

        if (!string.Equals(backup.SystemName, backupName, StringComparison.Ordinal))
        {
            problems.Add($"the system reached as {backupName} answers as {backup.SystemName}: correct {backupName}'s gateway in the group definition (role define)");
        }

        if (b.Role is null)
        {
            problems.Add($"{backupName} has no HA group defined: run role define there with the same members and production {production.SystemName}");
        }
        else
        {
            if (b.Epoch > p.Epoch)
            {
                problems.Add($"{backupName} knows a newer epoch ({b.Epoch}, production {b.Production}) than {production.SystemName} ({p.Epoch}): {production.SystemName} is a former production and must rejoin as a backup (role switch-back on {b.Production})");
            }
            else if (b.Epoch < p.Epoch)
            {
                problems.Add($"{backupName} is at epoch {b.Epoch}, {production.SystemName} at {p.Epoch}: it has not learned the last role change yet; {production.SystemName} keeps telling it, check again shortly");
            }
            else if (!string.Equals(b.Production, production.SystemName, StringComparison.Ordinal) || b.Role != SystemRole.Backup)
            {
                problems.Add($"{backupName} holds {b.Production} as production at epoch {b.Epoch}, not {production.SystemName}: define the group alike on both systems (role define)");
            }

            if (b.Phase != HaGroupPhase.Steady)
            {
                problems.Add($"{backupName} is in phase {b.Phase}: wait for it to become steady");
            }
        }

        return problems.Count == 0
            ? new ReadinessItem(ReadinessCategory.Group, backupName, Ready: true, $"{backupName} answered: the backup of {production.SystemName} at epoch {p.Epoch}, both steady.")
            : new ReadinessItem(ReadinessCategory.Group, backupName, Ready: false, string.Join("; ", problems) + ".");
    }

    private static ReadinessItem ClockItem(Sides sides, DateTimeOffset backupClock, DateTimeOffset sentAt, DateTimeOffset receivedAt, RoleOptions options)
    {
        var skew = Skew(backupClock, sentAt, receivedAt);
        var uncertainty = (receivedAt - sentAt).Duration() / 2;
        // Judged by the least skew the round trip allows: a slow answer must not make a good clock look wrong.
        var atLeast = skew.Duration() - uncertainty;
        var direction = skew >= TimeSpan.Zero ? "ahead of" : "behind";
        var measured = $"{sides.BackupName}'s clock is {Seconds(skew.Duration())} {direction} {sides.ProductionName}'s (± {Seconds(uncertainty)})";
        if (atLeast > options.MaxClockSkew)
        {
            return new ReadinessItem(ReadinessCategory.Clock, sides.BackupName, Ready: false,
                $"{measured}, over the {Seconds(options.MaxClockSkew)} a swap allows: set both systems to the same time source (NTP), then check again.");
        }

        if (atLeast > options.WarnClockSkew)
        {
            return new ReadinessItem(ReadinessCategory.Clock, sides.BackupName, Ready: false,
                $"{measured}, over {Seconds(options.WarnClockSkew)}: timestamps of records will not compare well across a swap; set both systems to the same time source (NTP).",
                Blocking: false);
        }

        return new ReadinessItem(ReadinessCategory.Clock, sides.BackupName, Ready: true, $"{measured}.");
    }

    /// <summary>The backup's clock minus production's, taking the backup's reading as made halfway through the round trip.</summary>
    private static TimeSpan Skew(DateTimeOffset backupClock, DateTimeOffset sentAt, DateTimeOffset receivedAt)
        => backupClock - (sentAt + ((receivedAt - sentAt) / 2));

    private static string Seconds(TimeSpan value) => $"{value.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} s";

    /// <summary>The two descriptions with what the items share: which of production's destinations lead to the backup, and the backup's ones back.</summary>
    private sealed class Sides(SystemDescription production, SystemDescription? backup, string backupName)
    {
        public SystemDescription Production { get; } = production;

        public SystemDescription? Backup { get; } = backup;

        public string BackupName { get; } = backupName;

        public string ProductionName => Production.SystemName;

        /// <summary>Production's silo destinations whose remote system is the backup.</summary>
        public IReadOnlySet<string> Forward { get; } = SiloDestinationsTo(production, backupName);

        /// <summary>The backup's silo destinations whose remote system is production (empty when the backup did not answer).</summary>
        public IReadOnlySet<string> Reverse { get; } = backup is null ? new HashSet<string>() : SiloDestinationsTo(backup, production.SystemName);

        private static HashSet<string> SiloDestinationsTo(SystemDescription system, string remote)
            => [.. system.Settings.Destinations
                .Where(d => d.Definition.Transport == DestinationTransport.Silo && string.Equals(d.Definition.RemoteSystem, remote, StringComparison.Ordinal))
                .Select(d => d.Definition.Name)];
    }
}
