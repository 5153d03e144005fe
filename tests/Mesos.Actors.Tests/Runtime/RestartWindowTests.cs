using Mesos.Actors.Runtime;

namespace Mesos.Actors.Tests.Runtime;

public sealed class RestartWindowTests() : Mesos.TestKit.TestKit(new()
{
    Deterministic = true,
    Settings = ActorSettings.Default with { AskTimeout = TimeSpan.FromSeconds(2) },
})
{
    private IActorRef ChildUnder(SupervisorStrategy strategy)
    {
        var supervisor = Sys.ActorOf(Props.Create(() => new Supervisor(strategy, TestActor)));
        supervisor.Tell((Props.Create(() => new EchoActor()), "child"), TestActor);
        return ExpectMsg<IActorRef>();
    }

    private void FailAndCheckAlive(IActorRef child)
    {
        child.Tell(new InvalidOperationException("boom"), TestActor);
        child.Tell("alive?", TestActor);
        ExpectMsg("alive?");
    }

    [Fact]
    public void Restarts_are_counted_within_the_time_window_only()
    {
        var child = ChildUnder(new OneForOneStrategy(2, TimeSpan.FromSeconds(10), _ => Directive.Restart));
        Watch(child);
        FailAndCheckAlive(child);
        FailAndCheckAlive(child);
        Advance(TimeSpan.FromSeconds(11));
        // A new window: the count starts again.
        FailAndCheckAlive(child);
        FailAndCheckAlive(child);
        child.Tell(new InvalidOperationException("third in this window"), TestActor);
        ExpectTerminated(child);
    }

    [Fact]
    public void Ask_without_a_timeout_uses_the_configured_ask_timeout()
    {
        var silent = Sys.ActorOf(Props.Create(() => new Supervisor(SupervisorStrategy.DefaultStrategy, ActorRefs.Nobody)));
        var reply = silent.Ask<string>("anyone?");
        Advance(TimeSpan.FromSeconds(2) - TimeSpan.FromTicks(1));
        reply.IsCompleted.Should().BeFalse();
        Advance(TimeSpan.FromTicks(1));
        reply.IsFaulted.Should().BeTrue();
        reply.Exception!.InnerException.Should().BeOfType<AskTimeoutException>();
    }
}
