using Mesos.Actors.Runtime;

namespace Mesos.Actors.Tests.Runtime;

public sealed class DeathWatchTests() : Mesos.TestKit.TestKit(new() { Deterministic = true })
{
    [Fact]
    public void A_watcher_gets_Terminated_when_the_watched_actor_stops()
    {
        var echo = Sys.ActorOf(Props.Create(() => new EchoActor()));
        Watch(echo);
        RunUntilIdle();
        Sys.Stop(echo);
        ExpectTerminated(echo).ExistenceConfirmed.Should().BeTrue();
    }

    [Fact]
    public void Watching_an_actor_that_is_already_dead_yields_Terminated()
    {
        var echo = Sys.ActorOf(Props.Create(() => new EchoActor()));
        Sys.Stop(echo);
        RunUntilIdle();
        Watch(echo);
        ExpectTerminated(echo).ExistenceConfirmed.Should().BeFalse();
    }

    [Fact]
    public void Watching_Nobody_yields_Terminated()
    {
        Watch(ActorRefs.Nobody);
        ExpectTerminated(ActorRefs.Nobody);
    }

    [Fact]
    public void No_Terminated_arrives_after_Unwatch_even_one_already_queued()
    {
        var watcher = Sys.ActorOf(Props.Create(() => new UnwatchingWatcher(TestActor)));
        var echo = Sys.ActorOf(Props.Create(() => new EchoActor()));
        watcher.Tell(echo, TestActor);
        RunUntilIdle();
        Sys.Stop(echo);
        // The watcher has not run since: it holds the notification, and "unwatch" goes in behind it,
        // so the Terminated is queued when Unwatch is called.
        Dispatcher!.RunUntil(() => ((InternalActorRef)echo).IsTerminated);
        watcher.Tell("unwatch", TestActor);
        ExpectMsg("unwatched");
        ExpectNoMsg();
    }

    [Fact]
    public void WatchWith_delivers_the_chosen_message_instead_of_Terminated()
    {
        var watcher = Sys.ActorOf(Props.Create(() => new WatchWithActor(TestActor)));
        var echo = Sys.ActorOf(Props.Create(() => new EchoActor()));
        watcher.Tell(echo, TestActor);
        RunUntilIdle();
        Sys.Stop(echo);
        ExpectMsg("it died");
    }

    [Fact]
    public void An_unhandled_Terminated_is_a_death_pact_that_stops_the_watcher()
    {
        var watcher = Sys.ActorOf(Props.Create(() => new PactActor()));
        var echo = Sys.ActorOf(Props.Create(() => new EchoActor()));
        Watch(watcher);
        watcher.Tell(echo, TestActor);
        RunUntilIdle();
        Sys.Stop(echo);
        ExpectTerminated(watcher);
    }

    private sealed class UnwatchingWatcher : ReceiveActor
    {
        private IActorRef _watched = ActorRefs.Nobody;

        public UnwatchingWatcher(IActorRef probe)
        {
            Receive<IActorRef>(a => _watched = Context.Watch(a));
            Receive<string>(_ =>
            {
                Context.Unwatch(_watched);
                Sender.Tell("unwatched", Self);
            });
            Receive<Terminated>(t => probe.Tell(t, Self));
        }
    }

    private sealed class WatchWithActor : ReceiveActor
    {
        public WatchWithActor(IActorRef probe)
        {
            Receive<IActorRef>(a => Context.WatchWith(a, "it died"));
            Receive<string>(s => probe.Tell(s, Self));
        }
    }

    private sealed class PactActor : ReceiveActor
    {
        public PactActor() => Receive<IActorRef>(a => Context.Watch(a));
    }
}
