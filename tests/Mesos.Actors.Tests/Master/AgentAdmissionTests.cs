using System.Threading.Channels;
using Akka.Configuration;
using Mesos.Actors.Master;
using Mesos.Actors.Tests.Master.Registrar;
using Mesos.Internal;
using Mesos.V1;

namespace Mesos.Actors.Tests.Master;

/// <summary>Agents that subscribe while a registry write is out are admitted together, in one write, and each gets its own id.</summary>
public sealed class AgentAdmissionTests() : MasterHarness(ConfigurationFactory.ParseString(HeldJournal.Config))
{
    private void Subscribe(string hostname, AgentID? id = null)
    {
        var subscribe = new AgentCall.Types.Subscribe { AgentInfo = new AgentInfo { Hostname = hostname, Port = 5051, Resources = { Mesos.Actors.Protocol.Resources.Parse("cpus:1").ToProtos() } } };
        Master.Tell(new SubscribeAgent(subscribe, id, Channel.CreateUnbounded<AgentEvent>().Writer), TestActor);
    }

    [Fact]
    public void Agents_that_subscribe_during_a_write_are_admitted_in_the_next_single_write()
    {
        _ = Master;
        var writes = CreateTestProbe();
        Sys.EventStream.Subscribe(writes.Ref, typeof(HeldJournal.Written));
        Sys.EventStream.Publish(new HeldJournal.Hold(true));

        Subscribe("first");
        writes.ExpectMsg<HeldJournal.Written>().Events.Should().Be(1);
        for (var i = 0; i < 5; i++) Subscribe($"next-{i}");
        // The same agent again, before it was answered: it waits for the batch rather than joining it twice.
        Subscribe("next-0");
        ExpectNoMsg(TimeSpan.Zero);

        Sys.EventStream.Publish(new HeldJournal.Hold(false));
        writes.ExpectMsg<HeldJournal.Written>().Events.Should().Be(5, "the five new agents go in one write");
        var subscribed = Enumerable.Range(0, 7).Select(_ => ExpectMsg<AgentSubscribed>()).ToList();
        subscribed.Select(s => s.AgentId.Value).Distinct().Should().HaveCount(6, "the agent that subscribed twice keeps its id");
        writes.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        RestartMaster();
        writes.ExpectMsg<HeldJournal.Written>().Events.Should().Be(1, "the new master records its epoch");
        Subscribe("next-3", subscribed[4].AgentId);
        ExpectMsg<AgentSubscribed>().AgentId.Should().Be(subscribed[4].AgentId);
        // The registry holds the agent the batch admitted: nothing to write.
        writes.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }
}
