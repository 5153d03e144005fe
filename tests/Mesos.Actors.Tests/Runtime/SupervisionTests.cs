using Mesos.Actors.Runtime;

namespace Mesos.Actors.Tests.Runtime;

public sealed class SupervisionTests : Mesos.TestKit.TestKit
{
    private IActorRef Child(SupervisorStrategy strategy, Props child, string name = "child")
    {
        var supervisor = Sys.ActorOf(Props.Create(() => new Supervisor(strategy, TestActor)), "supervisor");
        supervisor.Tell((child, name), TestActor);
        return ExpectMsg<IActorRef>();
    }

    [Fact]
    public void Restart_resets_state_calls_PreRestart_and_PostRestart_and_drops_the_failing_message()
    {
        var probe = CreateTestProbe();
        var child = Child(SupervisorStrategy.DefaultStrategy, Props.Create(() => new LifecycleActor(probe.Ref)));
        probe.ExpectMsg("ctor");
        probe.ExpectMsg("preStart");
        child.Tell("count", TestActor);
        child.Tell("count", TestActor);
        ExpectMsg(1);
        ExpectMsg(2);

        var failure = new InvalidOperationException("boom");
        child.Tell(failure, TestActor);
        child.Tell("count", TestActor);

        probe.ExpectMsg(new LifecycleActor.PreRestarted("boom", failure));
        probe.ExpectMsg("postStop");
        probe.ExpectMsg("ctor");
        probe.ExpectMsg(new LifecycleActor.PostRestarted("boom"));
        probe.ExpectMsg("preStart");
        ExpectMsg<int>().Should().Be(1, "a new instance starts from fresh state");
        probe.ExpectNoMsg();
    }

    [Fact]
    public void Resume_keeps_state_and_drops_the_failing_message()
    {
        var probe = CreateTestProbe();
        var child = Child(new OneForOneStrategy(_ => Directive.Resume), Props.Create(() => new LifecycleActor(probe.Ref)));
        child.Tell("count", TestActor);
        ExpectMsg(1);
        child.Tell(new InvalidOperationException("boom"), TestActor);
        child.Tell("count", TestActor);
        ExpectMsg(2);
        probe.ReceiveN(2).Should().Equal("ctor", "preStart");
        probe.ExpectNoMsg();
    }

    [Fact]
    public void Stop_directive_stops_the_child()
    {
        var child = Child(SupervisorStrategy.StoppingStrategy, Props.Create(() => new EchoActor()));
        Watch(child);
        child.Tell(new InvalidOperationException("boom"), TestActor);
        ExpectTerminated(child);
    }

    [Fact]
    public void Escalate_reaches_the_grandparent()
    {
        var grandparentDecisions = new List<string>();
        var grandparentStrategy = new OneForOneStrategy(e =>
        {
            lock (grandparentDecisions) grandparentDecisions.Add(e.Message);
            return Directive.Stop;
        });
        var parent = Child(grandparentStrategy, Props.Create(() => new Supervisor(new OneForOneStrategy(_ => Directive.Escalate), TestActor)), "parent");
        parent.Tell((Props.Create(() => new EchoActor()), "child"), TestActor);
        var child = ExpectMsg<IActorRef>();
        Watch(parent);
        Watch(child);

        child.Tell(new InvalidOperationException("from the grandchild"), TestActor);

        var terminated = ReceiveN(2).Cast<Terminated>().Select(t => t.ActorRef);
        terminated.Should().BeEquivalentTo([parent, child]);
        lock (grandparentDecisions) grandparentDecisions.Should().Equal("from the grandchild");
    }

    [Fact]
    public void AllForOne_restarts_every_child_when_one_fails()
    {
        var supervisor = Sys.ActorOf(Props.Create(() => new Supervisor(new AllForOneStrategy(_ => Directive.Restart), TestActor)));
        var first = CreateTestProbe();
        var second = CreateTestProbe();
        supervisor.Tell((Props.Create(() => new LifecycleActor(first.Ref)), "first"), TestActor);
        var failing = ExpectMsg<IActorRef>();
        supervisor.Tell((Props.Create(() => new LifecycleActor(second.Ref)), "second"), TestActor);
        ExpectMsg<IActorRef>();
        first.ReceiveN(2);
        second.ReceiveN(2);

        failing.Tell(new InvalidOperationException("boom"), TestActor);

        first.FishForMessage(m => m is LifecycleActor.PostRestarted);
        second.FishForMessage(m => m is LifecycleActor.PostRestarted);
    }

    [Fact]
    public void A_child_restarted_more_than_maxNrOfRetries_is_stopped()
    {
        var child = Child(new OneForOneStrategy(2, Timeout.InfiniteTimeSpan, _ => Directive.Restart), Props.Create(() => new EchoActor()));
        Watch(child);
        for (var i = 0; i < 3; i++)
        {
            child.Tell(new InvalidOperationException($"boom {i}"), TestActor);
            child.Tell("alive?", TestActor);
            if (i < 2) ExpectMsg("alive?");
        }
        ExpectTerminated(child);
    }

    [Fact]
    public void The_default_strategy_stops_an_actor_whose_constructor_throws()
    {
        var child = Sys.ActorOf(Props.Create<FailingConstructor>());
        Watch(child);
        ExpectTerminated(child);
    }

    [Fact]
    public void Kill_stops_the_actor_under_the_default_strategy()
    {
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new LifecycleActor(probe.Ref)));
        Watch(actor);
        actor.Tell(Kill.Instance, TestActor);
        ExpectTerminated(actor);
        probe.FishForMessage(m => m is "postStop");
    }

    [Fact]
    public void A_failure_in_PreStart_is_an_initialization_failure()
    {
        var strategyCauses = new List<Exception>();
        var child = Child(new OneForOneStrategy(e =>
        {
            lock (strategyCauses) strategyCauses.Add(e);
            return SupervisorStrategy.DefaultDecider(e);
        }), Props.Create<FailingPreStart>());
        Watch(child);
        ExpectTerminated(child);
        lock (strategyCauses) strategyCauses.Should().ContainSingle().Which.Should().BeOfType<ActorInitializationException>();
    }

    private sealed class FailingConstructor : ReceiveActor
    {
        public FailingConstructor() => throw new InvalidOperationException("cannot start");
    }

    private sealed class FailingPreStart : ReceiveActor
    {
        protected override void PreStart() => throw new InvalidOperationException("cannot start");
    }
}
