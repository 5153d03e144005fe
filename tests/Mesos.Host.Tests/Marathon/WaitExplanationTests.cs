using Mesos.Host.Marathon.Deployments;
using Mesos.Host.Marathon.Launching;
using static Mesos.Host.Tests.Marathon.MarathonTestData;

namespace Mesos.Host.Tests.Marathon;

/// <summary>What a waiting deployment says it waits for, and what is missing.</summary>
public sealed class WaitExplanationTests
{
    private static readonly Dictionary<string, ReadinessResult> NoReadiness = [];

    [Fact]
    public void Waiting_for_offers_names_why_the_last_offers_were_refused()
    {
        var log = OfferLog.Start(T0)
            .Refused(Offer("h1", "cpus:1"), [RejectReason.UnfulfilledConstraint, RejectReason.InsufficientMemory], T0)
            .Refused(Offer("h2", "cpus:1"), [RejectReason.UnfulfilledConstraint], T0);

        WaitExplanation.Describe(new Wait(Wait.Offers, 2, []), log, null, NoReadiness, T0).Should()
            .Be("waiting for offers to launch 2 instance(s): of the last 2 unused offer(s), refused for UnfulfilledConstraint (2), InsufficientMemory (1)");
        WaitExplanation.Describe(new Wait(Wait.Offers, 1, []), null, null, NoReadiness, T0).Should().EndWith("no offer has come yet");
    }

    [Fact]
    public void Waiting_for_a_backoff_readiness_or_tasks_says_how_long_which_tasks_and_what_their_check_found()
    {
        var readiness = new Dictionary<string, ReadinessResult> { ["t1"] = new("ready", "t1", false, "GET http://h:1/ answered 503", null, T0) };

        WaitExplanation.Describe(new Wait(Wait.Backoff, 1, []), null, T0.AddSeconds(7.2), NoReadiness, T0).Should().Contain("launch in 8 s");
        WaitExplanation.Describe(new Wait(Wait.Readiness, 2, ["t1", "t2"]), null, null, readiness, T0).Should()
            .Be("waiting for 2 task(s) to pass their readiness check: t1 (ready: GET http://h:1/ answered 503), t2 (not checked yet)");
        WaitExplanation.Describe(new Wait(Wait.Health, 7, ["a", "b", "c", "d", "e", "f", "g"]), null, null, NoReadiness, T0).Should()
            .Be("waiting for 7 task(s) to pass their health check: a, b, c, d, e and 2 more");
    }
}
