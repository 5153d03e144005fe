using Mesos.V1;
using TaskStatus = Mesos.V1.TaskStatus;
using SchedulerCall = Mesos.V1.Scheduler.Call.Types.Type;
using SchedulerEvent = Mesos.V1.Scheduler.Event.Types.Type;

namespace Mesos.Actors.Tests.Protocol;

/// <summary>Protobuf clients send these numbers; they must be Mesos' exactly.</summary>
public sealed class EnumNumberTests
{
    [Fact]
    public void Task_states_have_Mesos_numbers()
    {
        Numbers<TaskState>().Should().BeEquivalentTo(new Dictionary<string, int>
        {
            ["TASK_STAGING"] = 6, ["TASK_STARTING"] = 0, ["TASK_RUNNING"] = 1, ["TASK_KILLING"] = 8,
            ["TASK_FINISHED"] = 2, ["TASK_FAILED"] = 3, ["TASK_KILLED"] = 4, ["TASK_ERROR"] = 7,
            ["TASK_DROPPED"] = 9, ["TASK_GONE"] = 11, ["TASK_GONE_BY_OPERATOR"] = 12, ["TASK_LOST"] = 5,
            ["TASK_UNREACHABLE"] = 10, ["TASK_UNKNOWN"] = 13,
        });
    }

    [Fact]
    public void Scheduler_call_types_have_Mesos_numbers()
    {
        Numbers<SchedulerCall>().Should().BeEquivalentTo(new Dictionary<string, int>
        {
            ["UNKNOWN"] = 0, ["SUBSCRIBE"] = 1, ["TEARDOWN"] = 2, ["ACCEPT"] = 3, ["DECLINE"] = 4, ["REVIVE"] = 5,
            ["KILL"] = 6, ["SHUTDOWN"] = 7, ["ACKNOWLEDGE"] = 8, ["RECONCILE"] = 9, ["MESSAGE"] = 10,
            ["REQUEST"] = 11, ["SUPPRESS"] = 12, ["ACCEPT_INVERSE_OFFERS"] = 13, ["DECLINE_INVERSE_OFFERS"] = 14,
            ["ACKNOWLEDGE_OPERATION_STATUS"] = 15, ["RECONCILE_OPERATIONS"] = 16, ["UPDATE_FRAMEWORK"] = 17,
        });
    }

    [Fact]
    public void Scheduler_event_types_have_Mesos_numbers()
    {
        Numbers<SchedulerEvent>().Should().BeEquivalentTo(new Dictionary<string, int>
        {
            ["UNKNOWN"] = 0, ["SUBSCRIBED"] = 1, ["OFFERS"] = 2, ["RESCIND"] = 3, ["UPDATE"] = 4, ["MESSAGE"] = 5,
            ["FAILURE"] = 6, ["ERROR"] = 7, ["HEARTBEAT"] = 8, ["INVERSE_OFFERS"] = 9,
            ["RESCIND_INVERSE_OFFER"] = 10, ["UPDATE_OPERATION_STATUS"] = 11,
        });
    }

    [Fact]
    public void Operator_call_and_response_types_are_numbered_apart()
    {
        ((int)Mesos.V1.Master.Call.Types.Type.GetState).Should().Be(9);
        ((int)Mesos.V1.Master.Response.Types.Type.GetState).Should().Be(8);
        ((int)Mesos.V1.Master.Call.Types.Type.GetMaster).Should().Be(17);
        ((int)Mesos.V1.Master.Response.Types.Type.GetMaster).Should().Be(15);
        ((int)Mesos.V1.Master.Call.Types.Type.Subscribe).Should().Be(18);
        ((int)Mesos.V1.Master.Call.Types.Type.UpdateQuota).Should().Be(36);
        ((int)Mesos.V1.Master.Call.Types.Type.Teardown).Should().Be(31);
        ((int)Mesos.V1.Master.Response.Types.Type.GetQuota).Should().Be(18);
        ((int)Mesos.V1.Master.Event.Types.Type.Heartbeat).Should().Be(9);
        ((int)Mesos.V1.Agent.Call.Types.Type.GetState).Should().Be(9);
        ((int)Mesos.V1.Agent.Response.Types.Type.GetState).Should().Be(8);
    }

    [Fact]
    public void Field_numbers_that_protobuf_clients_rely_on_match_Mesos()
    {
        TaskStatus.Descriptor.FindFieldByName("uuid").FieldNumber.Should().Be(11);
        TaskStatus.Descriptor.FindFieldByName("timestamp").FieldNumber.Should().Be(6);
        Resource.Descriptor.FindFieldByName("reservations").FieldNumber.Should().Be(13);
        FrameworkInfo.Descriptor.FindFieldByName("roles").FieldNumber.Should().Be(12);
        Mesos.V1.Scheduler.Call.Descriptor.FindFieldByName("revive").FieldNumber.Should().Be(15);
        Mesos.V1.Scheduler.Call.Descriptor.FindFieldByName("update_framework").FieldNumber.Should().Be(19);
        Mesos.V1.Master.Call.Descriptor.FindFieldByName("update_quota").FieldNumber.Should().Be(20);
        Mesos.V1.Executor.Call.Descriptor.FindFieldByName("framework_id").FieldNumber.Should().Be(2);
    }

    private static Dictionary<string, int> Numbers<T>()
        where T : struct, Enum =>
        Enum.GetValues<T>().ToDictionary(
            v => typeof(T).GetField(v.ToString())!
                .GetCustomAttributes(typeof(Google.Protobuf.Reflection.OriginalNameAttribute), false)
                .Cast<Google.Protobuf.Reflection.OriginalNameAttribute>().Single().Name,
            v => Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture));
}
