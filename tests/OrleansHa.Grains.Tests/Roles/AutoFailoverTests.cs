using OrleansHa.Roles;

namespace OrleansHa.Grains.Tests.Roles;

/// <summary>The automatic failover policy: BACKUP promotes itself once PROD has been unreachable for the whole grace period.</summary>
public sealed class AutoFailoverTests(AutoFailoverFixture systems) : IClassFixture<AutoFailoverFixture>
{
    [Fact]
    public async Task AutoFailover_WhenProductionCutOff_PromotesAfterTheGracePeriodAndNotBefore()
    {
        var cutAt = systems.Clock.UtcNow;
        systems.Connector.Cut("PROD", true);

        var promoted = await systems.StatusWhenAsync("BACKUP", s => s.Gate.Role == SystemRole.Production, "BACKUP to fail over by itself");

        // The clock is the fake one: the promotion came no earlier than the grace period after the link was cut.
        Assert.True(promoted.RoleChangedAt - cutAt >= AutoFailoverFixture.Grace, $"promoted at {promoted.RoleChangedAt}, cut at {cutAt}");
        Assert.Equal(2L, promoted.Gate.Epoch);
    }
}
