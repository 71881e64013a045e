using OrleansHa.Roles;

namespace OrleansHa.Connections;

/// <summary>One member's answer when a client looked for production: its gate, or why it gave none.</summary>
/// <param name="SystemName">The member asked.</param>
/// <param name="Gate">Its gate (<see cref="IHaGroupGrain.GetGateAsync"/>); null when it did not answer.</param>
/// <param name="Problem">Why it did not answer (unreachable, login refused, timed out); null when it answered.</param>
public sealed record MemberGate(string SystemName, RoleGate? Gate, string? Problem = null)
{
    /// <summary>The answer in words, e.g. "PROD: production, epoch 3, steady".</summary>
    public override string ToString() => Gate switch
    {
        null => $"{SystemName}: no answer ({Problem ?? "unknown"})",
        { Role: null } => $"{SystemName}: in no HA group (writable)",
        { Role: SystemRole.Production } g => $"{SystemName}: production, epoch {g.Epoch}, {Words(g.Phase)}",
        var g => $"{SystemName}: backup, epoch {g.Epoch}, {Words(g.Phase)}, production {g.Production ?? "unknown"}",
    };

    private static string Words(HaGroupPhase phase) => phase switch
    {
        HaGroupPhase.SwitchingOver => "switching over",
        HaGroupPhase.Promoting => "being promoted",
        HaGroupPhase.Rejoining => "rejoining",
        HaGroupPhase.Undefined => "no group",
        _ => "steady",
    };
}
