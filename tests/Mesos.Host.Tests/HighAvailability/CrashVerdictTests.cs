using Mesos.Host.Master.HighAvailability;

namespace Mesos.Host.Tests.HighAvailability;

/// <summary>When a master may down another whose cluster port refuses connections.</summary>
public sealed class CrashVerdictTests
{
    [Fact]
    public void A_master_that_sees_a_quorum_without_the_suspect_downs_it_after_refusals_in_a_row()
    {
        CrashVerdict.MayDown(reachableMasters: 2, quorum: 2, refusals: CrashVerdict.RefusalsNeeded).Should().BeTrue();
    }

    [Fact]
    public void One_refusal_is_not_enough()
    {
        CrashVerdict.MayDown(reachableMasters: 3, quorum: 2, refusals: 1).Should().BeFalse();
    }

    [Fact]
    public void A_master_cut_away_from_the_quorum_leaves_the_decision_to_the_split_brain_resolver()
    {
        // The old leader behind a firewall that rejects sees both others refuse: alone, it must not down them.
        CrashVerdict.MayDown(reachableMasters: 1, quorum: 2, refusals: 5).Should().BeFalse();
    }
}
