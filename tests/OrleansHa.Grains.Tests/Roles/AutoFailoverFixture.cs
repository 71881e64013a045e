using OrleansHa.Roles;

namespace OrleansHa.Grains.Tests.Roles;

/// <summary>The role-change systems with BACKUP's automatic failover policy on: a 5 second grace period.</summary>
public sealed class AutoFailoverFixture : RoleChangeFixture
{
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    protected override AutoFailoverPolicy? BackupPolicy => new(Grace);
}
