using Mesos.Actors.Runtime;

namespace Mesos.Actors.Tests.Runtime;

public sealed class BehaviorTests() : Mesos.TestKit.TestKit(new() { Deterministic = true })
{
    [Fact]
    public void Become_replaces_and_BecomeStacked_pushes_behaviours()
    {
        var actor = Sys.ActorOf(Props.Create(() => new MoodActor()));
        string Ask(string m)
        {
            actor.Tell(m, TestActor);
            return ExpectMsg<string>();
        }

        Ask("mood").Should().Be("calm");
        Ask("angry").Should().Be("ok");
        Ask("mood").Should().Be("angry");
        Ask("stack-happy").Should().Be("ok");
        Ask("mood").Should().Be("happy");
        Ask("unbecome").Should().Be("ok");
        Ask("mood").Should().Be("angry");
        Ask("unbecome").Should().Be("ok");
        Ask("mood").Should().Be("calm", "Unbecome of the last behaviour returns to the actor's own Receive");
    }

    [Fact]
    public void UntypedActor_handles_everything_in_OnReceive_and_reports_the_rest_unhandled()
    {
        var unhandled = CreateTestProbe();
        Sys.EventStream.Subscribe(unhandled.Ref, typeof(UnhandledMessage));
        var actor = Sys.ActorOf(Props.Create(() => new PickyActor()));
        actor.Tell("text", TestActor);
        ExpectMsg("text");
        actor.Tell(42, TestActor);
        unhandled.ExpectMsg<UnhandledMessage>(u => Equals(u.Message, 42) && u.Recipient.Equals(actor));
        ExpectNoMsg();
    }

    [Fact]
    public void Stash_holds_messages_until_UnstashAll_in_their_original_order()
    {
        var actor = Sys.ActorOf(Props.Create(() => new StashingActor()));
        actor.Tell("a", TestActor);
        actor.Tell("b", TestActor);
        actor.Tell("c", TestActor);
        RunUntilIdle();
        ExpectNoMsg();
        actor.Tell(new Open(), TestActor);
        ReceiveN(3).Should().Equal("a", "b", "c");
    }

    [Fact]
    public void Restart_empties_the_stash_back_into_the_mailbox_for_the_new_instance()
    {
        var actor = Sys.ActorOf(Props.Create(() => new StashingActor()));
        actor.Tell("a", TestActor);
        actor.Tell("b", TestActor);
        actor.Tell(new InvalidOperationException("restart"), TestActor);
        RunUntilIdle();
        actor.Tell("stash size?", TestActor);
        actor.Tell(new Open(), TestActor);
        // The new instance stashes the returned messages again; the open releases them in order.
        ReceiveN(3).Should().Equal("a", "b", "stash size?");
    }

    [Fact]
    public void System_messages_overtake_queued_user_messages()
    {
        var echo = Sys.ActorOf(Props.Create(() => new EchoActor()));
        RunUntilIdle();
        for (var i = 0; i < 5; i++) echo.Tell(i, TestActor);
        Sys.Stop(echo);
        Watch(echo);
        ExpectTerminated(echo);
        ExpectNoMsg();
    }

    private sealed record Open;

    private sealed class MoodActor : ReceiveActor
    {
        public MoodActor()
        {
            Receive<string>(s => s == "mood", _ => Sender.Tell("calm", Self));
            Receive<string>(s => s == "angry", _ =>
            {
                Become(() => Moody("angry"));
                Sender.Tell("ok", Self);
            });
        }

        private void Moody(string mood)
        {
            Receive<string>(s => s == "mood", _ => Sender.Tell(mood, Self));
            Receive<string>(s => s == "stack-happy", _ =>
            {
                BecomeStacked(() => Moody("happy"));
                Sender.Tell("ok", Self);
            });
            Receive<string>(s => s == "unbecome", _ =>
            {
                Unbecome();
                Sender.Tell("ok", Self);
            });
        }
    }

    private sealed class PickyActor : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            if (message is string s) Sender.Tell(s, Self);
            else Unhandled(message);
        }
    }

    private sealed class StashingActor : ReceiveActor, IWithStash
    {
        public StashingActor()
        {
            Receive<Exception>(e => throw e);
            Receive<Open>(_ =>
            {
                Become(() => ReceiveAny(m => Sender.Tell(m, Self)));
                Stash.UnstashAll();
            });
            ReceiveAny(_ => Stash.Stash());
        }

        public IStash Stash { get; set; } = null!;
    }
}
