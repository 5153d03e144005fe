using Mesos.Actors.Runtime;

namespace Mesos.Actors.Tests.Runtime;

public sealed class LifecycleTests : Mesos.TestKit.TestKit
{
    [Fact]
    public void Stopping_a_parent_stops_its_children_first()
    {
        var probe = CreateTestProbe();
        var parent = Sys.ActorOf(Props.Create(() => new LifecycleActor(probe.Ref)), "parent");
        probe.ReceiveN(2);
        parent.Tell(Props.Create(() => new NamedStop(probe.Ref, "child stopped")), TestActor);
        var child = ExpectMsg<IActorRef>();
        child.Path.ToStringWithoutAddress().Should().Be("/user/parent/child");
        Watch(parent);

        Sys.Stop(parent);

        probe.ExpectMsg("child stopped");
        probe.ExpectMsg("postStop");
        ExpectTerminated(parent);
    }

    [Fact]
    public void PoisonPill_lets_earlier_messages_through_and_later_ones_go_to_dead_letters()
    {
        var deadLetters = CreateTestProbe();
        Sys.EventStream.Subscribe(deadLetters.Ref, typeof(DeadLetter));
        var echo = Sys.ActorOf(Props.Create(() => new EchoActor()));
        Watch(echo);
        echo.Tell("before", TestActor);
        echo.Tell(PoisonPill.Instance, TestActor);
        echo.Tell("after", TestActor);
        ExpectMsg("before");
        ExpectTerminated(echo);
        deadLetters.ExpectMsg<DeadLetter>(d => Equals(d.Message, "after") && d.Recipient.Equals(echo));
    }

    [Fact]
    public void Messages_to_a_stopped_actor_go_to_dead_letters()
    {
        var deadLetters = CreateTestProbe();
        Sys.EventStream.Subscribe(deadLetters.Ref, typeof(DeadLetter));
        var echo = Sys.ActorOf(Props.Create(() => new EchoActor()));
        Watch(echo);
        Sys.Stop(echo);
        ExpectTerminated(echo);
        echo.Tell("anyone?", TestActor);
        deadLetters.ExpectMsg<DeadLetter>(d => Equals(d.Message, "anyone?") && d.Sender.Equals(TestActor));
    }

    [Fact]
    public void Actor_names_must_be_valid_and_unique_among_living_siblings()
    {
        Sys.ActorOf(Props.Create(() => new EchoActor()), "same");
        var duplicate = () => Sys.ActorOf(Props.Create(() => new EchoActor()), "same");
        duplicate.Should().Throw<InvalidActorNameException>().WithMessage("*not unique*");
        foreach (var bad in new[] { "", "$reserved", "a/b", "with space" })
        {
            var invalid = () => Sys.ActorOf(Props.Create(() => new EchoActor()), bad);
            invalid.Should().Throw<InvalidActorNameException>();
        }
    }

    [Fact]
    public void A_name_is_free_again_once_its_actor_has_terminated()
    {
        var first = Sys.ActorOf(Props.Create(() => new EchoActor()), "reused");
        Watch(first);
        Sys.Stop(first);
        ExpectTerminated(first);
        var second = Sys.ActorOf(Props.Create(() => new EchoActor()), "reused");
        second.Should().NotBe(first, "a new incarnation has a new uid");
        second.Path.Should().Be(first.Path);
    }

    [Fact]
    public void Unnamed_actors_get_generated_names()
    {
        var a = Sys.ActorOf(Props.Create(() => new EchoActor()));
        var b = Sys.ActorOf(Props.Create(() => new EchoActor()));
        a.Path.Name.Should().StartWith("$");
        a.Path.Should().NotBe(b.Path);
    }

    [Fact]
    public void An_actor_cannot_be_created_with_new()
    {
        var direct = () => new EchoActor();
        direct.Should().Throw<ActorInitializationException>().WithMessage("*ActorOf*");
    }

    [Fact]
    public void An_actor_cannot_be_created_with_new_inside_another_actor()
    {
        var creator = Sys.ActorOf(Props.Create(() => new NewInHandler()));
        creator.Tell("create", TestActor);
        ExpectMsg<ActorInitializationException>().Message.Should().Contain("ActorOf");
    }

    [Fact]
    public void Identify_answers_with_the_actor_ref()
    {
        var echo = Sys.ActorOf(Props.Create(() => new EchoActor()));
        echo.Tell(new Identify(42), TestActor);
        ExpectMsg<ActorIdentity>().Should().Be(new ActorIdentity(42, echo));
    }

    [Fact]
    public async Task Terminate_stops_every_actor_and_completes_WhenTerminated()
    {
        var probe = CreateTestProbe();
        var system = ActorSystem.Create("other");
        system.ActorOf(Props.Create(() => new NamedStop(probe.Ref, "a stopped")), "a");
        system.ActorOf(Props.Create(() => new NamedStop(probe.Ref, "b stopped")), "b");
        await system.Terminate().WaitAsync(TimeSpan.FromSeconds(5));
        probe.ReceiveN(2).Should().BeEquivalentTo(["a stopped", "b stopped"]);
        system.WhenTerminated.IsCompleted.Should().BeTrue();
    }

    [Fact]
    public void The_hierarchy_snapshot_lists_paths_types_and_mailbox_lengths()
    {
        var parent = Sys.ActorOf(Props.Create(() => new LifecycleActor(TestActor)), "parent");
        parent.Tell(Props.Create(() => new EchoActor()), TestActor);
        FishForMessage(m => m is IActorRef);

        var root = Sys.GetHierarchy();
        var user = root.Children.Single(c => c.Path == "/user");
        var node = user.Children.Single(c => c.Path == "/user/parent");
        node.ActorType.Should().Be(nameof(LifecycleActor));
        node.Children.Should().ContainSingle(c => c.Path == "/user/parent/child" && c.ActorType == nameof(EchoActor));
        node.MailboxLength.Should().Be(0);
        root.Children.Select(c => c.Path).Should().Contain("/system");
    }

    private sealed class NewInHandler : ReceiveActor
    {
        public NewInHandler() =>
            Receive<string>(request =>
            {
                try
                {
                    Sender.Tell(new EchoActor(), Self);
                }
                catch (ActorInitializationException e)
                {
                    Sender.Tell(e, Self);
                }
            });
    }

    private sealed class NamedStop(IActorRef probe, string stopped) : ReceiveActor
    {
        protected override void PostStop() => probe.Tell(stopped, Self);
    }
}
