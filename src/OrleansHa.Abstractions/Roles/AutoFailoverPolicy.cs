namespace OrleansHa.Roles;

/// <summary>
/// The backup promotes itself when production has been unreachable from it for <see cref="GracePeriod"/>; it never
/// promotes while production still answers it.
/// </summary>
/// <param name="GracePeriod">How long production must stay unreachable (5 s to 1 day).</param>
[GenerateSerializer, Immutable, Alias("orleansha.auto-failover-policy")]
public sealed record AutoFailoverPolicy([property: Id(0)] TimeSpan GracePeriod)
{
    /// <summary>The shortest grace period allowed.</summary>
    public static readonly TimeSpan MinimumGracePeriod = TimeSpan.FromSeconds(5);

    /// <summary>The longest grace period allowed.</summary>
    public static readonly TimeSpan MaximumGracePeriod = TimeSpan.FromDays(1);
}
