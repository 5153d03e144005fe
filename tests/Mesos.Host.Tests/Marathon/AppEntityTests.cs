using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;
using Akka.TestKit.Xunit2;
using Mesos.Host.Marathon.Scheduler;
using Mesos.Host.Marathon.State;
using static Mesos.Host.Tests.Marathon.MarathonTestData;

namespace Mesos.Host.Tests.Marathon;

/// <summary>One app's entity on Akka's in-memory journal: it records the app's events, tells all it holds, and holds it again after it starts again.</summary>
public sealed class AppEntityTests : TestKit
{
    private static readonly Config MemoryJournal = ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        akka.actor.provider = cluster
        akka.remote.dot-netty.tcp.port = 0
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """).WithFallback(ConfigurationFactory.ParseString(MarathonSerializer.Config));

    public AppEntityTests() : base(MemoryJournal)
    {
    }

    private IActorRef Entity() => Sys.ActorOf(AppEntity.Props("/web", null));

    private void Stop(IActorRef entity)
    {
        Watch(entity);
        Sys.Stop(entity);
        ExpectTerminated(entity);
    }

    private AppRecord RecordOf(IActorRef entity)
    {
        entity.Tell(AppEntity.GetRecord.Instance);
        return ExpectMsg<AppRecord>();
    }

    [Fact]
    public void The_app_its_versions_and_its_instances_are_recorded_and_held_again_after_the_entity_starts_again()
    {
        var entity = Entity();
        var first = App(1);
        var second = App(2, T0.AddMinutes(1)) with { Version = T0.AddMinutes(1) };
        entity.Tell(new AppEntity.Record([new AppSaved(first), new InstanceLaunched(Instance("web.1", T0, "TASK_STAGING")), new AppSaved(second),
            new InstanceLaunched(Instance("web.2", T0, "TASK_STAGING")), new InstanceChanged("web.1", "TASK_RUNNING", null, false, T0.AddSeconds(5))]));
        ExpectMsg<AppEntity.Recorded>().AppId.Should().Be("/web");
        entity.Tell(new AppEntity.Record([new InstanceChanged("web.2", "TASK_FAILED", null, true, T0.AddSeconds(6))]));
        ExpectMsg<AppEntity.Recorded>();
        var held = RecordOf(entity);
        Stop(entity);

        var again = RecordOf(Entity());

        again.App.Should().Be(second);
        again.Versions.Should().Equal(first, second);
        again.Instances.Select(i => (i.TaskId, i.State, i.StartedAt)).Should().Equal(("web.1", "TASK_RUNNING", T0.AddSeconds(5)));
        again.Should().BeEquivalentTo(held, "the entity started again holds what it held");
    }

    [Fact]
    public void A_removed_app_keeps_its_instances_until_their_tasks_end()
    {
        var entity = Entity();
        entity.Tell(new AppEntity.Record([new AppSaved(App(1)), new InstanceLaunched(Instance("web.1", T0)), new AppRemoved("/web")]));
        ExpectMsg<AppEntity.Recorded>();

        var removed = RecordOf(entity);
        removed.App.Should().BeNull();
        removed.Versions.Should().BeEmpty();
        removed.Instances.Select(i => i.TaskId).Should().Equal("web.1");
    }

    [Fact]
    public void A_batch_with_an_event_of_another_app_or_of_the_scheduler_is_refused_whole_and_nothing_of_it_is_kept()
    {
        var entity = Entity();
        var other = App(1) with { Definition = App(1).Definition with { Id = "/other" } };

        entity.Tell(new AppEntity.Record([new AppSaved(App(1)), new AppSaved(other)]));
        ExpectMsg<Status.Failure>().Cause.Message.Should().Contain("/web");
        entity.Tell(new AppEntity.Record([new AppSaved(App(1)), new DeploymentEnded("d-1", true)]));
        ExpectMsg<Status.Failure>();

        Stop(entity);
        RecordOf(Entity()).Should().BeEquivalentTo(new AppRecord("/web", null, [], []), "nothing of a refused batch was written");
    }

    [Fact]
    public void Its_messages_cross_between_masters_as_JSON_with_each_event_naming_its_type()
    {
        var record = new AppEntity.Record([new AppSaved(App(1)), new InstanceLaunched(Instance("web.1", T0)), new InstanceChanged("web.1", "TASK_RUNNING", true, false, T0),
            new AppRemoved("/web")]);
        var held = new AppRecord("/web", App(1), [App(1)], [Instance("web.1", T0)]);

        RoundTrip(record).Should().BeEquivalentTo(record, o => o.RespectingRuntimeTypes());
        RoundTrip(held).Should().BeEquivalentTo(held);
        RoundTrip(AppEntity.GetRecord.Instance).Should().Be(AppEntity.GetRecord.Instance);
    }

    private object RoundTrip(object message)
    {
        var serializer = Sys.Serialization.FindSerializerFor(message);
        serializer.Should().BeOfType<MarathonSerializer>();
        return Sys.Serialization.Deserialize(serializer.ToBinary(message), serializer.Identifier, Serialization.ManifestFor(serializer, message));
    }
}
