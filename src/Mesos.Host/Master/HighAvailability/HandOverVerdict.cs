using Akka.Cluster;

namespace Mesos.Host.Master.HighAvailability;

/// <summary>
/// Whether the master that ran here stopped because Akka's singleton manager handed it over to a master that is
/// now older, while this one stays a healthy member: then this master follows the new leader and may lead again
/// later (its manager starts the singleton here once it is the oldest). While the cluster forms, two masters can
/// be given the same up-number by leaders that had not converged; the tie is broken by address, and the singleton
/// moves from the master it started on to the one that sorts first. Anything else (this master is leaving, was
/// downed, cannot see a quorum, or sees no other master that may lead) means it lost its leadership and must stop.
/// </summary>
internal static class HandOverVerdict
{
    /// <param name="members">The cluster's members as this master sees them.</param>
    /// <param name="unreachable">The members it cannot reach.</param>
    /// <param name="self">This master.</param>
    /// <param name="quorum">--quorum: masters a side needs to go on.</param>
    /// <returns>The master it was handed over to, or null when this master must stop.</returns>
    public static Member? HandedOverTo(IEnumerable<Member> members, IEnumerable<Member> unreachable, UniqueAddress self, int quorum)
    {
        var all = members.ToList();
        var cut = unreachable.Select(m => m.UniqueAddress).ToHashSet();
        if (!all.Any(m => m.UniqueAddress.Equals(self) && m.Status == MemberStatus.Up) || cut.Contains(self)) return null;
        var oldest = MasterCluster.Oldest(all);
        if (oldest is null || oldest.UniqueAddress.Equals(self) || oldest.Status != MemberStatus.Up || cut.Contains(oldest.UniqueAddress)) return null;
        var reachable = all.Count(m => m.HasRole(MasterCluster.Role) && m.Status is MemberStatus.Up or MemberStatus.Leaving && !cut.Contains(m.UniqueAddress));
        return reachable >= quorum ? oldest : null;
    }
}
