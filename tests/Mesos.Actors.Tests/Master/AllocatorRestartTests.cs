using Mesos.Actors.Allocator;
using Mesos.Actors.Master.Allocation;
using Mesos.Actors.Protocol;
using Akka.Actor;
using Mesos.V1;
using Mesos.V1.Scheduler;

namespace Mesos.Actors.Tests.Master;

/// <summary>An allocator that fails starts empty, and the master hands it the whole cluster again.</summary>
public sealed class AllocatorRestartTests : MasterHarness
{
    private sealed record Faulty : AllocatorChange
    {
        public override void Apply(HierarchicalAllocator allocator, DateTimeOffset now) => throw new NotSupportedException("broken on purpose");
    }

    /// <summary>Stands in for the master as the allocator's parent: what the child sends reaches the test.</summary>
    private sealed class Parent : UntypedActor
    {
        private readonly IActorRef _target;
        private readonly IActorRef _child;

        public Parent(IActorRef target)
        {
            _target = target;
            _child = Context.ActorOf(AllocatorActor.Props(new AllocatorOptions()), "allocator");
        }

        protected override void OnReceive(object message)
        {
            // What a round took is the master's metrics' business, not this test's.
            if (message is AllocationRan) return;
            if (Sender.Equals(_child)) _target.Tell(message, Self);
            else _child.Tell(message, Self);
        }
    }

    [Fact]
    public void A_failed_allocator_tells_its_parent_that_it_restarted_empty()
    {
        var parent = Sys.ActorOf(Props.Create(() => new Parent(TestActor)));

        parent.Tell(new Faulty(), TestActor);

        ExpectMsg<AllocatorRestarted>();
    }

    [Fact]
    public void After_its_allocator_fails_the_master_rescinds_its_offers_and_offers_the_cluster_again()
    {
        SubscribeAgent("cpus:2;mem:1024");
        var framework = SubscribeFramework();
        var first = Offers(framework).Single();

        var allocator = ((ActorRefWithCell)Master).GetSingleChild("allocator");
        allocator.Tell(new Faulty(), TestActor);

        var events = Drain(framework.Events);
        events.Should().Contain(e => e.Type == Event.Types.Type.Rescind && e.Rescind.OfferId.Equals(first.Id));
        var again = events.Where(e => e.Type == Event.Types.Type.Offers).SelectMany(e => e.Offers.Offers_).ToList();
        again.Sum(o => Resources.FromProtos(o.Resources).Scalar("cpus")).Should().Be(2, "nothing is offered twice, and nothing is lost");
    }

    [Fact]
    public void What_the_allocator_decided_before_an_agent_registered_again_is_not_offered_over_what_the_agent_now_runs()
    {
        var agent = SubscribeAgent("cpus:2;mem:1024");
        var framework = SubscribeFramework();
        Offers(framework).Should().ContainSingle();
        // A decision for the whole agent, made by an allocator that had taken a single batch: it reaches the master late.
        var elsewhere = Sys.ActorOf(Props.Create(() => new Parent(TestActor)));
        elsewhere.Tell(new AllocatorBatch(1,
        [
            new FrameworkAdded(framework.Id.Value, FrameworkSpec.From(new FrameworkInfo { User = "u", Name = "test" }), true),
            new AgentAdded(agent.Id.Value, Resources.Parse("cpus:2;mem:1024"), []),
        ]), TestActor);
        var late = ExpectMsg<ResourcesOffered>();

        // The agent registers again, running a task of the framework on all of its cpus: its offer is rescinded.
        var running = new Mesos.V1.Task
        {
            Name = "t1", TaskId = new() { Value = "t1" }, FrameworkId = framework.Id, AgentId = agent.Id, State = TaskState.TaskRunning,
            Resources = { Resources.Parse("cpus:2;mem:512").ToProtos() },
        };
        SubscribeAgent("cpus:2;mem:1024", id: agent.Id, tasks: running);
        Drain(framework.Events);
        Master.Tell(late, TestActor);

        var offered = Drain(framework.Events).Where(e => e.Type == Event.Types.Type.Offers).SelectMany(e => e.Offers.Offers_);
        offered.Sum(o => Resources.FromProtos(o.Resources).Scalar("cpus")).Should().Be(0, "the task holds every cpu of the agent");
    }
}
