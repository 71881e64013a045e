using OrleansHa.Roles;

namespace OrleansHa.Grains.Roles.Readiness;

// SEAM: the readiness engineer replaces this with the real implementation.

/// <summary>Whether production could hand over to a backup: compares the two systems' descriptions item by item.</summary>
public static class ReadinessCheck
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
        _ = (production, backup, backupName, unreachable, sentAt, receivedAt, options);
        throw new NotImplementedException("SEAM");
    }
}
