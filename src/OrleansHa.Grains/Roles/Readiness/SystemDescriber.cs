using OrleansHa.Journals;
using OrleansHa.Roles;

namespace OrleansHa.Grains.Roles.Readiness;

// SEAM: the readiness engineer replaces this with the real implementation.

/// <summary>Puts together what this system tells another member of its group for a readiness check.</summary>
public sealed class SystemDescriber(IGrainFactory grains, IJournalStore journals, TimeProvider time)
{
    /// <summary>This system's definitions, journals, file sets' last successful runs, gate and clock.</summary>
    public Task<SystemDescription> DescribeAsync(RoleGate gate, CancellationToken cancellationToken)
    {
        _ = (grains, journals, time, gate, cancellationToken);
        throw new NotImplementedException("SEAM");
    }
}
