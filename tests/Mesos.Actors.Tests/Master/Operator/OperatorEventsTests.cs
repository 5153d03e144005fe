using Mesos.Actors.Master;
using Mesos.Actors.Master.Operator;
using Mesos.Actors.Protocol;
using Mesos.V1;
using MesosTask = Mesos.V1.Task;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Tests.Master.Operator;

public sealed class OperatorEventsTests
{
    private static readonly DateTimeOffset Registered = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    private static FrameworkView Framework(Offer? offer = null) => new(
        new FrameworkInfo { Id = new() { Value = "f1" }, Name = "fw", User = "root" },
        Active: true, Connected: true, Registered, ReregisteredTime: null, UnregisteredTime: null,
        Tasks: [], CompletedTasks: [], Offers: offer is null ? [] : [offer],
        Used: Resources.Parse("cpus:1"), Offered: offer is null ? Resources.Empty : Resources.Parse("cpus:2"));

    [Fact]
    public void TASK_UPDATED_carries_the_framework_the_update_and_the_tasks_latest_state()
    {
        var task = new MesosTask { TaskId = new() { Value = "t1" }, FrameworkId = new() { Value = "f1" }, State = TaskState.TaskRunning };
        var status = new TaskStatus { TaskId = task.TaskId, State = TaskState.TaskRunning, Message = "up" };

        var e = OperatorEvents.TaskUpdated(task, status);

        e.Type.Should().Be(Mesos.V1.Master.Event.Types.Type.TaskUpdated);
        e.TaskUpdated.FrameworkId.Value.Should().Be("f1");
        e.TaskUpdated.State.Should().Be(TaskState.TaskRunning);
        e.TaskUpdated.Status.Should().Be(status);
        e.TaskUpdated.Status.Should().NotBeSameAs(status, "streams serialize events on other threads while the master goes on");
    }

    [Fact]
    public void TASK_ADDED_holds_a_copy_of_the_task()
    {
        var task = new MesosTask { TaskId = new() { Value = "t1" }, State = TaskState.TaskStaging };
        var e = OperatorEvents.TaskAdded(task);
        task.State = TaskState.TaskRunning;
        e.TaskAdded.Task.State.Should().Be(TaskState.TaskStaging);
    }

    [Fact]
    public void FRAMEWORK_ADDED_carries_status_and_times_but_not_offers_or_resources_as_in_Mesos()
    {
        var offer = new Offer { Id = new() { Value = "o1" }, FrameworkId = new() { Value = "f1" }, AgentId = new() { Value = "a1" }, Hostname = "h" };
        var framework = OperatorEvents.FrameworkAdded(Framework(offer)).FrameworkAdded.Framework;
        framework.FrameworkInfo.Name.Should().Be("fw");
        framework.Active.Should().BeTrue();
        framework.Connected.Should().BeTrue();
        framework.RegisteredTime.Nanoseconds.Should().Be(Registered.ToUnixTimeMilliseconds() * 1_000_000);
        framework.Offers.Should().BeEmpty();
        framework.AllocatedResources.Should().BeEmpty();
        framework.OfferedResources.Should().BeEmpty();
    }

    [Fact]
    public void AGENT_ADDED_carries_the_agent_as_GET_AGENTS_does()
    {
        var view = new AgentView(new AgentInfo { Id = new() { Value = "a1" }, Hostname = "h", Port = 5051 }, Registered, Active: true, Reachable: true,
            Total: Resources.Parse("cpus:4"), Used: Resources.Parse("cpus:1"), Offered: Resources.Empty);
        var agent = OperatorEvents.AgentAdded(view, "1.2.3").AgentAdded.Agent;
        agent.Should().Be(OperatorResponses.Agent(view, "1.2.3"));
        agent.Version.Should().Be("1.2.3");
        agent.Pid.Should().Be("slave(1)@h:5051");
    }

    [Fact]
    public void An_agents_pid_holds_the_address_it_subscribed_from_when_its_hostname_is_a_name()
    {
        var view = new AgentView(new AgentInfo { Id = new() { Value = "a1" }, Hostname = "node7.example", Port = 5051 }, Registered, Active: true, Reachable: true,
            Total: Resources.Parse("cpus:4"), Used: Resources.Empty, Offered: Resources.Empty) { Address = "10.0.0.7" };
        OperatorResponses.Agent(view, "1.2.3").Pid.Should().Be("slave(1)@10.0.0.7:5051");
    }

    [Fact]
    public void SUBSCRIBED_carries_GET_STATE_and_the_15_second_heartbeat_interval()
    {
        var state = new MasterState(new MasterInfo { Id = "m", Ip = 1, Port = 5050, Version = "1.2.3" }, Registered, [Framework()], [], []);
        var subscribed = OperatorEvents.Subscribed(state).Subscribed;
        subscribed.HeartbeatIntervalSeconds.Should().Be(15);
        subscribed.GetState.Should().Be(OperatorResponses.State(state));
    }
}
