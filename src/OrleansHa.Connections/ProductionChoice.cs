using OrleansHa.Roles;

namespace OrleansHa.Connections;

/// <summary>
/// Which member of an HA group takes writes now, chosen from the members' gates (<see cref="Choose"/>); the rule lives
/// here alone, so the client library and the CLI follow production the same way.
/// </summary>
/// <param name="SystemName">The member to send writes to; null when none can take them now.</param>
/// <param name="Switching">True when a role change is under way (production switching over, a member being promoted): wait and choose again.</param>
/// <param name="Answers">What every member answered, in the order asked.</param>
public sealed record ProductionChoice(string? SystemName, bool Switching, IReadOnlyList<MemberGate> Answers)
{
    /// <summary>
    /// Chooses production: among the members that say of themselves that they are production, the one with the highest
    /// epoch (one that takes writes first, then the first asked, should two claim the same epoch). A claim older than
    /// the newest epoch any member knows is a former production that has not learned it was replaced: not chosen.
    /// When no member claims production, a member in no group (it takes writes as before) is chosen, <paramref name="home"/>
    /// first. <see cref="Switching"/> is set when the chosen member does not take writes yet (its phase is not steady),
    /// or when none was chosen while a member is switching over or being promoted.
    /// </summary>
    /// <param name="answers">Each member's answer.</param>
    /// <param name="home">The system the client reads from (its <c>--system</c>), preferred among ungrouped members.</param>
    public static ProductionChoice Choose(IReadOnlyList<MemberGate> answers, string home)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var gates = answers.Where(a => a.Gate is not null).ToList();
        var newest = gates.Count == 0 ? 0 : gates.Max(a => a.Gate!.Epoch);
        var claim = gates
            .Select((answer, order) => (answer, order))
            .Where(x => x.answer.Gate is { Role: SystemRole.Production } g && string.Equals(g.LocalSystem, x.answer.SystemName, StringComparison.Ordinal) && g.Epoch >= newest)
            .OrderByDescending(x => x.answer.Gate!.Writable)
            .ThenBy(x => x.order)
            .Select(x => x.answer)
            .FirstOrDefault();
        if (claim is not null)
        {
            return new ProductionChoice(claim.SystemName, !claim.Gate!.Writable, answers);
        }

        var ungrouped = gates.Where(a => a.Gate!.Role is null).ToList();
        if (ungrouped.Count > 0)
        {
            var chosen = ungrouped.FirstOrDefault(a => string.Equals(a.SystemName, home, StringComparison.Ordinal)) ?? ungrouped[0];
            return new ProductionChoice(chosen.SystemName, false, answers);
        }

        var switching = gates.Any(a => a.Gate!.Phase is HaGroupPhase.SwitchingOver or HaGroupPhase.Promoting);
        return new ProductionChoice(null, switching, answers);
    }

    /// <summary>Every member's answer in words, separated by "; ".</summary>
    public string Summary => string.Join("; ", Answers);

    /// <summary>
    /// The production system a member's gate names (and the gateway that member reaches it at) that was not among the
    /// members asked, with the newest epoch: where to look next when no member asked is production.
    /// </summary>
    public (string SystemName, string Gateway)? NamedElsewhere()
    {
        var asked = Answers.Select(a => a.SystemName).ToHashSet(StringComparer.Ordinal);
        return Answers
            .Where(a => a.Gate is { Production: not null, ProductionGateway: not null } g && !asked.Contains(g.Production))
            .OrderByDescending(a => a.Gate!.Epoch)
            .Select(a => ((string, string)?)(a.Gate!.Production!, a.Gate.ProductionGateway!))
            .FirstOrDefault();
    }
}
