using Mesos.Actors.Configuration;
using Mesos.Actors.Runtime;

namespace Mesos.Actors.Tests.Runtime;

public sealed class MailboxAndDispatcherTests() : Mesos.TestKit.TestKit(new()
{
    Settings = ActorSettings.FromConfig(ConfigurationFactory.ParseString("""
        mesos.actor.mailboxes.tiny { mailbox-type = bounded, mailbox-capacity = 2 }
        mesos.actor.dispatchers.own-threads { type = dedicated-threads, thread-count = 1 }
        """)),
})
{
    [Fact]
    public void A_bounded_mailbox_sends_overflow_to_dead_letters()
    {
        var deadLetters = CreateTestProbe();
        Sys.EventStream.Subscribe(deadLetters.Ref, typeof(DeadLetter));
        var gate = new ManualResetEventSlim();
        var blocked = Sys.ActorOf(Props.Create(() => new BlockingActor(gate)).WithMailbox("tiny"));
        blocked.Tell("first", TestActor);
        ExpectMsg("blocking");
        for (var i = 0; i < 5; i++) blocked.Tell(i, TestActor);
        var dropped = Enumerable.Range(0, 3).Select(_ => deadLetters.ExpectMsg<DeadLetter>().Message).ToArray();
        dropped.Should().Equal(2, 3, 4);
        gate.Set();
        ReceiveN(2).Should().Equal(0, 1);
    }

    [Fact]
    public void WithDispatcher_runs_the_actor_on_that_dispatcher()
    {
        var actor = Sys.ActorOf(Props.Create(() => new ThreadNameActor()).WithDispatcher("own-threads"));
        actor.Tell("where?", TestActor);
        ExpectMsg("own-threads-0");
    }

    [Fact]
    public void An_unknown_dispatcher_or_mailbox_is_refused_at_creation()
    {
        var noDispatcher = () => Sys.ActorOf(Props.Create(() => new EchoActor()).WithDispatcher("nope"));
        noDispatcher.Should().Throw<ArgumentException>().WithMessage("*nope*");
        var noMailbox = () => Sys.ActorOf(Props.Create(() => new EchoActor()).WithMailbox("nope"));
        noMailbox.Should().Throw<ArgumentException>().WithMessage("*nope*");
    }

    [Fact]
    public void Settings_bind_from_configuration_over_the_reference_defaults()
    {
        Sys.Settings.Mailboxes["tiny"].Should().Be(new MailboxSettings(Bounded: true, Capacity: 2));
        Sys.Settings.Dispatchers["default-dispatcher"].Throughput.Should().Be(30);
        Sys.Settings.AskTimeout.Should().Be(Timeout.InfiniteTimeSpan);
        Sys.Settings.LogDeadLetters.Should().Be(10);
        var custom = ActorSettings.FromConfig(ConfigurationFactory.ParseString("mesos.actor { ask-timeout = 5s, dispatchers.default-dispatcher.throughput = 7 }"));
        custom.AskTimeout.Should().Be(TimeSpan.FromSeconds(5));
        custom.Dispatchers["default-dispatcher"].Throughput.Should().Be(7);
        custom.Dispatchers["default-dispatcher"].Type.Should().Be(DispatcherSettings.ThreadPool);
    }

    [Fact]
    public void Invalid_runtime_settings_are_refused_with_the_setting_named()
    {
        var badType = () => ActorSettings.FromConfig(ConfigurationFactory.ParseString("mesos.actor.dispatchers.x.type = fibers"));
        badType.Should().Throw<ConfigException>().WithMessage("*mesos.actor.dispatchers.x.type*fibers*");
        var badCapacity = () => ActorSettings.FromConfig(ConfigurationFactory.ParseString("mesos.actor.mailboxes.x { mailbox-type = bounded, mailbox-capacity = 0 }"));
        badCapacity.Should().Throw<ConfigException>().WithMessage("*mailbox-capacity*");
    }

    private sealed class BlockingActor : ReceiveActor
    {
        public BlockingActor(ManualResetEventSlim gate)
        {
            Receive<string>(_ =>
            {
                Sender.Tell("blocking", Self);
                gate.Wait(TimeSpan.FromSeconds(10));
            });
            ReceiveAny(m => Sender.Tell(m, Self));
        }
    }

    private sealed class ThreadNameActor : ReceiveActor
    {
        public ThreadNameActor() => ReceiveAny(_ => Sender.Tell(Thread.CurrentThread.Name ?? "", Self));
    }
}
