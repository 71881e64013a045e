using Orleans.Configuration;

namespace OrleansHa.Silo.Hosting;

/// <summary>
/// Membership settings for a system of several silos (cluster azure), tuned so that a silo that dies is declared dead
/// within seconds and its grains (a journal, a sync worker) come back on another silo; docs/cluster.md says why each.
/// </summary>
internal static class ClusterMembership
{
    /// <summary>The first probe timeout: the failure detector learns from here, clamped to half and four times it.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Failed probes before a silo votes another dead.</summary>
    public const int NumMissedProbesLimit = 2;

    /// <summary>Votes that declare a silo dead (Orleans caps it at half the active silos, so two silos still evict).</summary>
    public const int NumVotesForDeathDeclaration = 2;

    /// <summary>How often a silo re-reads the membership table besides the gossip it gets.</summary>
    public static readonly TimeSpan TableRefreshTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How often a silo writes its I-am-alive time: three missed writes make its row stale.</summary>
    public static readonly TimeSpan IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long a dead silo's row stays in the membership table.</summary>
    public static readonly TimeSpan DefunctSiloExpiration = TimeSpan.FromDays(1);

    public static void Configure(ClusterMembershipOptions membership)
    {
        membership.ProbeTimeout = ProbeTimeout;
        membership.NumMissedProbesLimit = NumMissedProbesLimit;
        membership.NumVotesForDeathDeclaration = NumVotesForDeathDeclaration;
        membership.TableRefreshTimeout = TableRefreshTimeout;
        membership.IAmAliveTablePublishTimeout = IAmAliveTablePublishTimeout;
        membership.DefunctSiloExpiration = DefunctSiloExpiration;
    }
}
