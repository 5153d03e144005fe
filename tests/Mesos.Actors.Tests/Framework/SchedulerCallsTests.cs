using Google.Protobuf;
using Mesos.Actors.Framework;
using Mesos.V1;
using Mesos.V1.Scheduler;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Tests.Framework;

public sealed class SchedulerCallsTests
{
    private static readonly AgentID Agent = new() { Value = "a-S0" };

    [Fact]
    public void Subscribe_carries_the_framework_id_both_where_mesos_wants_it()
    {
        var info = new FrameworkInfo { User = "u", Name = "n", Id = new() { Value = "f-0001" } };

        var call = SchedulerCalls.Subscribe(info);

        call.Type.Should().Be(Call.Types.Type.Subscribe);
        call.FrameworkId.Value.Should().Be("f-0001");
        call.Subscribe.FrameworkInfo.Id.Value.Should().Be("f-0001");
    }

    [Fact]
    public void Launch_accepts_the_offer_with_one_launch_and_places_tasks_on_its_agent()
    {
        var offer = new Offer { Id = new() { Value = "o1" }, AgentId = Agent };
        var unplaced = new TaskInfo { Name = "t", TaskId = new() { Value = "t" } };

        var call = SchedulerCalls.Launch(offer, [unplaced], new Filters { RefuseSeconds = 1 });

        call.Type.Should().Be(Call.Types.Type.Accept);
        call.Accept.OfferIds.Should().Equal(offer.Id);
        call.Accept.Filters.RefuseSeconds.Should().Be(1);
        var launch = call.Accept.Operations.Single();
        launch.Type.Should().Be(Offer.Types.Operation.Types.Type.Launch);
        launch.Launch.TaskInfos.Single().AgentId.Should().Be(Agent);
        unplaced.AgentId.Should().BeNull("the caller's task is not changed");
    }

    [Fact]
    public void Only_updates_with_a_uuid_and_an_agent_are_acknowledged()
    {
        var status = new TaskStatus { TaskId = new() { Value = "t" }, State = TaskState.TaskRunning, AgentId = Agent, Uuid = ByteString.CopyFrom(new byte[16]) };

        var ack = SchedulerCalls.Acknowledge(status)!;

        ack.Acknowledge.TaskId.Value.Should().Be("t");
        ack.Acknowledge.AgentId.Should().Be(Agent);
        ack.Acknowledge.Uuid.Should().Equal(status.Uuid);
        SchedulerCalls.Acknowledge(new TaskStatus { TaskId = new() { Value = "t" }, AgentId = Agent }).Should().BeNull();
        SchedulerCalls.Acknowledge(new TaskStatus { TaskId = new() { Value = "t" }, Uuid = status.Uuid }).Should().BeNull();
    }

    [Fact]
    public void Reconcile_names_each_task_and_its_agent_and_none_means_every_task()
    {
        var call = SchedulerCalls.Reconcile([new TaskStatus { TaskId = new() { Value = "t1" }, AgentId = Agent }, new TaskStatus { TaskId = new() { Value = "t2" } }]);

        call.Reconcile.Tasks.Select(t => (t.TaskId.Value, t.AgentId?.Value)).Should().Equal(("t1", "a-S0"), ("t2", null));
        SchedulerCalls.Reconcile([]).Reconcile.Tasks.Should().BeEmpty();
    }

    [Fact]
    public void Calls_are_named_as_the_api_spells_them()
    {
        SchedulerCalls.NameOf(Call.Types.Type.Accept).Should().Be("ACCEPT");
        SchedulerCalls.NameOf(Call.Types.Type.ReconcileOperations).Should().Be("RECONCILE_OPERATIONS");
        SchedulerCalls.Message(Agent, new ExecutorID { Value = "e" }, [1, 2]).Message.Data.ToByteArray().Should().Equal(1, 2);
        SchedulerCalls.Teardown().Type.Should().Be(Call.Types.Type.Teardown);
    }
}
