using Mesos.Actors.Runtime;

namespace Mesos.Actors.Tests.Runtime;

public sealed class ReceiveTimeoutTests() : Mesos.TestKit.TestKit(new() { Deterministic = true })
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public void ReceiveTimeout_arrives_after_the_actor_is_idle_that_long()
    {
        Sys.ActorOf(Props.Create(() => new IdleActor(TestActor, 3 * Second)));
        RunUntilIdle();
        Advance(3 * Second - TimeSpan.FromTicks(1));
        ExpectNoMsg();
        Advance(TimeSpan.FromTicks(1));
        ExpectMsg<ReceiveTimeout>();
        Advance(3 * Second);
        ExpectMsg<ReceiveTimeout>();
    }

    [Fact]
    public void Each_message_resets_the_receive_timeout()
    {
        var actor = Sys.ActorOf(Props.Create(() => new IdleActor(TestActor, 3 * Second)));
        RunUntilIdle();
        Advance(2 * Second);
        actor.Tell("activity", TestActor);
        ExpectMsg("activity");
        Advance(2 * Second);
        ExpectNoMsg();
        Advance(Second);
        ExpectMsg<ReceiveTimeout>();
    }

    [Fact]
    public void Setting_no_receive_timeout_turns_it_off()
    {
        var actor = Sys.ActorOf(Props.Create(() => new IdleActor(TestActor, 3 * Second)));
        actor.Tell("off", TestActor);
        ExpectMsg("off");
        Advance(10 * Second);
        ExpectNoMsg();
    }

    private sealed class IdleActor : ReceiveActor
    {
        public IdleActor(IActorRef probe, TimeSpan timeout)
        {
            SetReceiveTimeout(timeout);
            Receive<ReceiveTimeout>(t => probe.Tell(t, Self));
            Receive<string>(s =>
            {
                if (s == "off") SetReceiveTimeout(null);
                probe.Tell(s, Self);
            });
        }
    }
}
