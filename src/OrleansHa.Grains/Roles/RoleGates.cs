using OrleansHa.Roles;

namespace OrleansHa.Grains.Roles;

/// <summary>How grains ask this system's HA group what they may do: one call to the group grain, which answers between turns.</summary>
public static class RoleGates
{
    /// <summary>This system's role gate (writable at epoch 0 when no group is defined).</summary>
    public static Task<RoleGate> GetAsync(IGrainFactory grains) => grains.GetGrain<IHaGroupGrain>(HaGroups.Default).GetGateAsync();

    /// <summary>Throws <see cref="WritesRefusedException"/> while a role change is under way (definitions stay as they are meanwhile).</summary>
    /// <param name="grains">The grain factory.</param>
    /// <param name="what">What was attempted, e.g. "define file set alice/payroll".</param>
    public static async Task DemandDefinitionsWritableAsync(IGrainFactory grains, string what)
    {
        var gate = await GetAsync(grains);
        if (!gate.DefinitionsWritable)
        {
            throw new WritesRefusedException(gate, what);
        }
    }
}
