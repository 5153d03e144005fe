using Mesos.Actors.Runtime;

namespace Mesos.Actors.Tests.Runtime;

public sealed class TimerTests() : Mesos.TestKit.TestKit(new() { Deterministic = true })
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public void A_single_timer_fires_exactly_when_due_and_once()
    {
        var actor = Sys.ActorOf(Props.Create(() => new TimerActor(TestActor)));
        actor.Tell(new StartSingle("tick", 5 * Second), TestActor);
        RunUntilIdle();
        Advance(5 * Second - TimeSpan.FromTicks(1));
        ExpectNoMsg();
        Advance(TimeSpan.FromTicks(1));
        ExpectMsg("tick");
        Advance(10 * Second);
        ExpectNoMsg();
    }

    [Fact]
    public void A_periodic_timer_fires_once_per_interval()
    {
        var actor = Sys.ActorOf(Props.Create(() => new TimerActor(TestActor)));
        actor.Tell(new StartPeriodic("tick", Second), TestActor);
        RunUntilIdle();
        Advance(10 * Second);
        ReceiveN(10).Should().AllBeEquivalentTo("tick");
        ExpectNoMsg();
    }

    [Fact]
    public void No_message_arrives_after_Cancel_even_one_already_queued()
    {
        var actor = Sys.ActorOf(Props.Create(() => new TimerActor(TestActor)));
        actor.Tell(new StartSingle("tick", Second), TestActor);
        RunUntilIdle();
        // The timer fires while the cancel waits in the mailbox: its message is queued when Cancel runs.
        actor.Tell("cancel", TestActor);
        Time!.Advance(Second);
        ExpectMsg("cancelled");
        ExpectNoMsg();
    }

    [Fact]
    public void Starting_a_timer_again_under_the_same_key_replaces_it()
    {
        var actor = Sys.ActorOf(Props.Create(() => new TimerActor(TestActor)));
        actor.Tell(new StartSingle("first", Second), TestActor);
        actor.Tell(new StartSingle("second", 3 * Second), TestActor);
        RunUntilIdle();
        Advance(2 * Second);
        ExpectNoMsg();
        Advance(Second);
        ExpectMsg("second");
    }

    [Fact]
    public void A_replaced_timer_that_already_fired_delivers_nothing()
    {
        var actor = Sys.ActorOf(Props.Create(() => new TimerActor(TestActor)));
        actor.Tell(new StartSingle("first", Second), TestActor);
        RunUntilIdle();
        // The replacement waits in the mailbox while the first timer fires behind it.
        actor.Tell(new StartSingle("second", 3 * Second), TestActor);
        Time!.Advance(Second);
        RunUntilIdle();
        ExpectNoMsg();
        Advance(2 * Second);
        ExpectNoMsg();
        Advance(Second);
        ExpectMsg("second");
        ExpectNoMsg();
    }

    [Fact]
    public void Timers_do_not_survive_a_restart()
    {
        var actor = Sys.ActorOf(Props.Create(() => new TimerActor(TestActor)));
        actor.Tell(new StartPeriodic("tick", Second), TestActor);
        RunUntilIdle();
        actor.Tell(new InvalidOperationException("restart"), TestActor);
        Time!.Advance(Second);
        RunUntilIdle();
        actor.Tell("active?", TestActor);
        ExpectMsg(false);
        Advance(5 * Second);
        ExpectNoMsg();
    }

    [Fact]
    public void IsTimerActive_reflects_start_fire_and_cancel()
    {
        var actor = Sys.ActorOf(Props.Create(() => new TimerActor(TestActor)));
        actor.Tell(new StartSingle("tick", Second), TestActor);
        actor.Tell("active?", TestActor);
        ExpectMsg(true);
        Advance(Second);
        ExpectMsg("tick");
        actor.Tell("active?", TestActor);
        ExpectMsg(false);
    }

    [Fact]
    public void The_scheduler_tells_once_and_repeatedly_on_the_manual_clock()
    {
        var once = Sys.Scheduler.ScheduleTellOnce(Second, TestActor, "once", null);
        var repeated = Sys.Scheduler.ScheduleTellRepeatedly(2 * Second, Second, TestActor, "again", null);
        Advance(Second);
        ExpectMsg("once");
        Advance(2 * Second);
        ReceiveN(2).Should().AllBeEquivalentTo("again");
        repeated.Cancel();
        once.Cancel();
        Advance(5 * Second);
        ExpectNoMsg();
    }

    private sealed record StartSingle(string Message, TimeSpan Delay);

    private sealed record StartPeriodic(string Message, TimeSpan Interval);

    private sealed class TimerActor : ReceiveActor, IWithTimers
    {
        public TimerActor(IActorRef probe)
        {
            Receive<StartSingle>(s => Timers.StartSingleTimer("key", s.Message, s.Delay));
            Receive<StartPeriodic>(s => Timers.StartPeriodicTimer("key", s.Message, s.Interval));
            Receive<Exception>(e => throw e);
            Receive<string>(s => s == "cancel", _ =>
            {
                Timers.Cancel("key");
                probe.Tell("cancelled", Self);
            });
            Receive<string>(s => s == "active?", _ => probe.Tell(Timers.IsTimerActive("key"), Self));
            Receive<string>(s => probe.Tell(s, Self));
        }

        public ITimerScheduler Timers { get; set; } = null!;
    }
}
