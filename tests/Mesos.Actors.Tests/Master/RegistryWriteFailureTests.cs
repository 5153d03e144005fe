using Akka.Configuration;
using Mesos.Actors.Master;
using Mesos.Actors.Master.Roles;
using Mesos.Actors.Protocol;
using Mesos.Actors.Tests.Master.Registrar;
using Mesos.V1;

namespace Mesos.Actors.Tests.Master;

/// <summary>A registry write that fails stops the change with 503's refusal: nothing half-applies, nothing is lost.</summary>
public sealed class RegistryWriteFailureTests() : MasterHarness(ConfigurationFactory.ParseString(FailingJournal.Config + "\nakka.loglevel = OFF"))
{
    private object Ask(object message)
    {
        Master.Tell(message, TestActor);
        return ExpectMsg<object>(m => m is CallAccepted or CallRefused or FrameworkSubscribed);
    }

    private MasterState State()
    {
        Master.Tell(GetMasterState.Instance, TestActor);
        return ExpectMsg<MasterState>();
    }

    private void FailWrites(bool failing) => Sys.EventStream.Publish(new FailingJournal.FailWrites(failing));

    private static UpdateWeights Weight(string role, double weight) => new([new WeightInfo { Role = role, Weight = weight }]);

    [Fact]
    public void A_change_the_registry_cannot_write_is_refused_as_unavailable_and_changes_nothing()
    {
        Ask(Weight("batch", 2)).Should().Be(CallAccepted.Instance);
        var framework = SubscribeFramework(failoverTimeout: 3600);
        FailWrites(true);

        var refused = Ask(Weight("batch", 5)).Should().BeOfType<CallRefused>().Subject;
        refused.Reason.Should().Be(CallRefusal.Unavailable);
        refused.Message.Should().Contain("disk on fire");
        Ask(new TeardownFramework(framework.Id)).Should().BeOfType<CallRefused>().Which.Reason.Should().Be(CallRefusal.Unavailable);
        var events = System.Threading.Channels.Channel.CreateUnbounded<V1.Scheduler.Event>();
        Ask(new SubscribeFramework(new V1.Scheduler.Call.Types.Subscribe { FrameworkInfo = new FrameworkInfo { Name = "new", User = "root" } }, events.Writer))
            .Should().BeOfType<CallRefused>().Which.Reason.Should().Be(CallRefusal.Unavailable);

        var state = State();
        state.Weights["batch"].Should().Be(2);
        state.Frameworks.Should().ContainSingle(f => f.Info.Id.Value == framework.Id.Value && f.Connected, "nothing was torn down or added");
    }

    [Fact]
    public void After_a_failed_write_the_registry_is_recovered_and_changes_are_written_again()
    {
        Ask(Weight("batch", 2)).Should().Be(CallAccepted.Instance);
        FailWrites(true);
        Ask(Weight("batch", 5)).Should().BeOfType<CallRefused>();
        FailWrites(false);

        Ask(Weight("batch", 6)).Should().BeOfType<CallRefused>().Which.Message.Should().Contain("unavailable", "the registry stopped after the failure and is not back yet");
        Advance(TimeSpan.FromSeconds(1));
        Ask(Weight("batch", 7)).Should().Be(CallAccepted.Instance);

        RestartMaster();
        State().Weights["batch"].Should().Be(7);
    }

    [Fact]
    public void Status_updates_and_state_queries_are_served_while_the_registry_is_down()
    {
        var agent = SubscribeAgent();
        var framework = SubscribeFramework(failoverTimeout: 3600);
        Send(framework, Launch(Offers(framework).Single(), "t1"));
        FailWrites(true);
        Ask(Weight("batch", 5)).Should().BeOfType<CallRefused>();

        AgentSends(agent, StatusUpdate(framework.Id, "t1", TaskState.TaskRunning, out _)).Should().Be(CallAccepted.Instance);

        Drain(framework.Events).Should().Contain(e => e.Type == V1.Scheduler.Event.Types.Type.Update && e.Update.Status.State == TaskState.TaskRunning);
        State().Frameworks.Single().Tasks.Single().State.Should().Be(TaskState.TaskRunning);
    }
}
