using Akka.Actor;
using Akka.Configuration;
using Mesos.Actors.Master;

namespace Mesos.Actors.Tests.Master;

/// <summary>The strategy a master's system supervises the master with: a handler that throws never wipes the state.</summary>
public sealed class MasterSupervisionTests() : Akka.TestKit.Xunit2.TestKit(
    ConfigurationFactory.ParseString($"akka.actor.guardian-supervisor-strategy = \"{MasterSupervision.ConfigValue}\"\nakka.loglevel = OFF"))
{
    private sealed record Add(int Amount);

    private sealed record Fail;

    private sealed record Read;

    private sealed class Keeper : ReceiveActor
    {
        private int _total;

        public Keeper()
        {
            Receive<Add>(a => _total += a.Amount);
            Receive<Fail>(_ => throw new InvalidOperationException("a handler that throws"));
            Receive<Read>(_ => Sender.Tell(_total));
        }
    }

    [Fact]
    public void A_top_level_actor_whose_handler_throws_resumes_with_its_state()
    {
        var keeper = Sys.ActorOf(Props.Create(() => new Keeper()), "master");
        keeper.Tell(new Add(3));
        keeper.Tell(new Fail());
        keeper.Tell(new Add(4));

        keeper.Tell(new Read(), TestActor);

        // Under Akka's default strategy the restart would answer 4.
        ExpectMsg(7);
    }

    [Fact]
    public void The_strategy_stops_an_actor_that_cannot_be_created_instead_of_resuming_it()
    {
        new MasterSupervision().Create().Decider.Decide(new ActorInitializationException("cannot start")).Should().Be(Directive.Stop);
        new MasterSupervision().Create().Decider.Decide(new InvalidOperationException()).Should().Be(Directive.Resume);
    }
}
