using Mesos.Actors.Master;
using Mesos.Actors.Protocol;
using Mesos.Internal;
using Mesos.V1;
using Mesos.V1.Scheduler;
using ReservationType = Mesos.V1.Resource.Types.ReservationInfo.Types.Type;

namespace Mesos.Actors.Tests.Master;

/// <summary>RESERVE and UNRESERVE through the master: in a framework's ACCEPT, and from an operator.</summary>
public sealed class DynamicReservationTests : MasterHarness
{
    private static List<Resource> Reserved(string resources, string role = "ads")
    {
        var protos = Resources.Parse(resources).ToProtos().ToList();
        foreach (var resource in protos) resource.Reservations.Add(new Resource.Types.ReservationInfo { Type = ReservationType.Dynamic, Role = role, Principal = "ops" });
        return protos;
    }

    private static Offer.Types.Operation Reserve(List<Resource> resources) =>
        new() { Type = Offer.Types.Operation.Types.Type.Reserve, Reserve = new Offer.Types.Operation.Types.Reserve { Resources = { resources } } };

    private static Offer.Types.Operation Unreserve(List<Resource> resources) =>
        new() { Type = Offer.Types.Operation.Types.Type.Unreserve, Unreserve = new Offer.Types.Operation.Types.Unreserve { Resources = { resources } } };

    private static double ReservedCpus(Offer offer) => offer.Resources.Where(r => r.Reservations.Count > 0 && r.Name == "cpus").Sum(r => r.Scalar.Value);

    private object Operator(AgentID agent, Offer.Types.Operation operation)
    {
        Master.Tell(new UpdateReservations(agent, operation), TestActor);
        return ExpectMsg<object>();
    }

    [Fact]
    public void A_framework_reserves_part_of_its_offer_and_launches_a_task_on_the_reservation()
    {
        var agent = SubscribeAgent("cpus:2;mem:1024");
        var framework = SubscribeFramework("ads", role: "ads");
        var offer = Offers(framework).Single();
        var task = new TaskInfo
        {
            Name = "t1",
            TaskId = new TaskID { Value = "t1" },
            AgentId = offer.AgentId,
            Command = new CommandInfo { Value = "true" },
            Resources = { Reserved("cpus:1;mem:128") },
        };
        var accept = new Call
        {
            Type = Call.Types.Type.Accept,
            Accept = new Call.Types.Accept
            {
                OfferIds = { offer.Id },
                Operations =
                {
                    Reserve(Reserved("cpus:1;mem:128")),
                    new Offer.Types.Operation { Type = Offer.Types.Operation.Types.Type.Launch, Launch = new Offer.Types.Operation.Types.Launch { TaskInfos = { task } } },
                },
                Filters = new Filters { RefuseSeconds = 0 },
            },
        };

        Send(framework, accept).Should().Be(CallAccepted.Instance);

        Drain(agent.Events).Should().Contain(e => e.Type == Mesos.Internal.AgentEvent.Types.Type.RunTask, "the task fits in the reservation just made");
        AgentSends(agent, StatusUpdate(framework.Id, "t1", TaskState.TaskFinished, out _));
        var held = Offers(framework);
        held.Sum(ReservedCpus).Should().Be(1, "the reservation outlives the task");
        // With the reserving framework suppressed, the reservation is offered to nobody.
        Send(framework, new Call { Type = Call.Types.Type.Suppress }).Should().Be(CallAccepted.Instance);
        var web = SubscribeFramework("web", role: "web");
        var offered = Offers(web);
        offered.Should().OnlyContain(o => ReservedCpus(o) == 0, "reserved resources go only to their role");
        offered.Sum(o => Resources.FromProtos(o.Resources).Scalar("cpus")).Should().Be(1);
    }

    [Fact]
    public void An_operator_reserves_unused_resources_for_a_role_and_unreserves_them()
    {
        var agent = SubscribeAgent("cpus:2;mem:1024");

        Operator(agent.Id, Reserve(Reserved("cpus:1;mem:256"))).Should().Be(CallAccepted.Instance);

        var web = SubscribeFramework("web", role: "web");
        Offers(web).Sum(o => Resources.FromProtos(o.Resources).Scalar("cpus")).Should().Be(1);
        var ads = SubscribeFramework("ads", role: "ads");
        Offers(ads).Sum(ReservedCpus).Should().Be(1);

        // Unreserving rescinds the offers that hold the reservation first, as Mesos does.
        Operator(agent.Id, Unreserve(Reserved("cpus:1;mem:256"))).Should().Be(CallAccepted.Instance);

        Offers(web).Concat(Offers(ads)).Should().OnlyContain(o => ReservedCpus(o) == 0);
    }

    [Fact]
    public void The_agent_is_told_its_reservations_and_a_new_process_of_it_learns_them_again()
    {
        var agent = SubscribeAgent("cpus:2;mem:1024");
        Operator(agent.Id, Reserve(Reserved("cpus:1;mem:256"))).Should().Be(CallAccepted.Instance);
        var checkpointed = Drain(agent.Events).Single(e => e.Type == AgentEvent.Types.Type.CheckpointResources).CheckpointResources;
        Resources.FromProtos(checkpointed.Resources).Reserved("ads").Scalar("cpus").Should().Be(1);

        var again = SubscribeAgent("cpus:2;mem:1024", id: agent.Id);
        var relearned = Drain(again.Events).Single(e => e.Type == AgentEvent.Types.Type.CheckpointResources).CheckpointResources;
        Resources.FromProtos(relearned.Resources).Should().Be(Resources.FromProtos(checkpointed.Resources));

        var unchanged = SubscribeAgent(Resources.FromProtos(checkpointed.Resources), agent.Id);
        Drain(unchanged.Events).Should().NotContain(e => e.Type == AgentEvent.Types.Type.CheckpointResources);
    }

    [Fact]
    public void A_master_that_does_not_know_an_agent_takes_the_reservations_it_reports()
    {
        var total = Resources.Parse("cpus:1;mem:512") + Resources.FromProtos(Reserved("cpus:1;mem:256"));
        SubscribeAgent(total);
        var framework = SubscribeFramework("ads", role: "ads");
        ReservedCpus(Offers(framework).Single()).Should().Be(1);
    }

    [Fact]
    public void Impossible_operator_reservations_are_refused_and_change_nothing()
    {
        var agent = SubscribeAgent("cpus:2;mem:1024");

        Operator(agent.Id, Reserve(Reserved("cpus:8"))).Should().BeOfType<CallRefused>().Which.Reason.Should().Be(CallRefusal.Invalid);
        Operator(new AgentID { Value = "no-such-agent" }, Reserve(Reserved("cpus:1"))).Should().BeOfType<CallRefused>().Which.Reason.Should().Be(CallRefusal.Invalid);
        Operator(agent.Id, Reserve(Reserved("cpus:1", role: "*"))).Should().BeOfType<CallRefused>().Which.Reason.Should().Be(CallRefusal.Invalid);
        Operator(agent.Id, Reserve(Resources.Parse("cpus:1").ToProtos().ToList())).Should().BeOfType<CallRefused>().Which.Reason.Should().Be(CallRefusal.Invalid);
        Operator(agent.Id, Unreserve(Reserved("cpus:1"))).Should().BeOfType<CallRefused>().Which.Reason.Should().Be(CallRefusal.Invalid);

        var framework = SubscribeFramework("web", role: "web");
        var offers = Offers(framework);
        offers.Sum(o => Resources.FromProtos(o.Resources).Scalar("cpus")).Should().Be(2);
        offers.Should().OnlyContain(o => ReservedCpus(o) == 0);
    }

    [Theory]
    [InlineData("..")]
    [InlineData("a b")]
    [InlineData("a/../b")]
    [InlineData("a\u0007b")]
    public void An_operator_reservation_for_a_role_Mesos_refuses_is_refused(string role)
    {
        var agent = SubscribeAgent("cpus:2;mem:1024");

        Operator(agent.Id, Reserve(Reserved("cpus:1", role))).Should().BeOfType<CallRefused>();
    }

    [Fact]
    public void An_operator_reservation_for_a_10_KB_role_is_refused()
    {
        var agent = SubscribeAgent("cpus:2;mem:1024");

        Operator(agent.Id, Reserve(Reserved("cpus:1", new string('r', 10 * 1024)))).Should().BeOfType<CallRefused>();
    }
}
