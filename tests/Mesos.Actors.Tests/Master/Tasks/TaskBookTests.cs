using Mesos.Actors.Master.Tasks;
using Mesos.V1;
using MesosTask = Mesos.V1.Task;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Tests.Master.Tasks;

public sealed class TaskBookTests
{
    private static MesosTask Task(string id, string framework = "f1", string agent = "a1") => new()
    {
        TaskId = new TaskID { Value = id },
        FrameworkId = new FrameworkID { Value = framework },
        AgentId = new AgentID { Value = agent },
        State = TaskState.TaskStaging,
    };

    [Fact]
    public void A_launched_task_is_its_frameworks_and_holds_its_agent_until_it_leaves_the_agent()
    {
        var book = new TaskBook(1000);
        var task = Task("t1");
        book.Add(task);

        book.Find("f1", "t1").Should().BeSameAs(task);
        book.OnAgent("a1").Should().ContainKey(("f1", "t1"));

        book.LeaveAgent("a1", "f1", "t1").Should().BeSameAs(task);
        book.LeaveAgent("a1", "f1", "t1").Should().BeNull("it left already");
        book.IsActive("f1", "t1").Should().BeTrue("the framework has not acknowledged its end yet");
    }

    [Fact]
    public void A_completed_task_leaves_the_framework_for_its_completed_tasks_which_keep_the_newest_of_the_limit()
    {
        const int max = 3;
        var book = new TaskBook(max);
        for (var i = 0; i <= max; i++)
        {
            var task = Task($"t{i}");
            book.Add(task);
            book.Complete("f1", task);
        }

        book.ActiveOf("f1").Should().BeEmpty();
        book.CompletedOf("f1").Should().HaveCount(max);
        book.CompletedOf("f1").First().TaskId.Value.Should().Be("t1", "the oldest went");
    }

    [Fact]
    public void Owning_a_task_again_replaces_it_and_says_it_was_known()
    {
        var book = new TaskBook(1000);
        book.Own(Task("t1")).Should().BeTrue();
        var again = Task("t1", agent: "a2");

        book.Own(again).Should().BeFalse();
        book.Find("f1", "t1").Should().BeSameAs(again);
    }

    [Fact]
    public void The_last_acknowledged_update_of_a_task_is_kept_while_the_task_is_active_or_among_the_completed_ones()
    {
        var book = new TaskBook(1);
        Google.Protobuf.ByteString Uuid(byte b) => Google.Protobuf.ByteString.CopyFrom(Enumerable.Repeat(b, 16).ToArray());
        var t1 = Task("t1");
        book.Add(t1);
        book.Acknowledged("f1", "t1", Uuid(1));
        book.Acknowledged("f1", "t1", Uuid(2));

        book.IsAcknowledged("f1", "t1", Uuid(1)).Should().BeFalse("only the last acknowledged one is kept");
        book.IsAcknowledged("f1", "t1", Uuid(2)).Should().BeTrue();
        book.IsAcknowledged("f2", "t1", Uuid(2)).Should().BeFalse();

        book.Complete("f1", t1);
        book.IsAcknowledged("f1", "t1", Uuid(2)).Should().BeTrue("a completed task's terminal update may come again");

        var t2 = Task("t2");
        book.Add(t2);
        book.Acknowledged("f1", "t2", Uuid(3));
        book.Complete("f1", t2);
        book.IsAcknowledged("f1", "t1", Uuid(2)).Should().BeFalse("t1 left the completed tasks");
        book.IsAcknowledged("f1", "t2", Uuid(3)).Should().BeTrue();

        book.Forget("f1");
        book.IsAcknowledged("f1", "t2", Uuid(3)).Should().BeFalse();
    }

    [Fact]
    public void A_removed_framework_completes_every_task_then_is_forgotten_while_other_frameworks_tasks_stay()
    {
        var book = new TaskBook(1000);
        book.Add(Task("t1"));
        book.Add(Task("t2", framework: "f2"));

        book.CompleteAll("f1");
        book.CompletedOf("f1").Should().ContainSingle();
        book.LeaveAgent("a1", "f1").Should().BeTrue();
        book.Forget("f1");

        book.CompletedOf("f1").Should().BeEmpty();
        book.OnAgent("a1").Keys.Should().Equal(("f2", "t2"));
        book.IsActive("f2", "t2").Should().BeTrue();
    }

    [Fact]
    public void Recording_a_status_makes_it_the_latest_and_says_whether_the_state_changed()
    {
        var task = Task("t1");
        var running = new TaskStatus { TaskId = task.TaskId, State = TaskState.TaskRunning, Uuid = Google.Protobuf.ByteString.CopyFrom(new byte[16]) };

        TaskBook.Record(task, running).Should().BeTrue();
        TaskBook.Record(task, running).Should().BeFalse();
        task.Statuses.Should().ContainSingle().Which.Should().Be(running);
        task.StatusUpdateState.Should().Be(TaskState.TaskRunning);
        task.StatusUpdateUuid.Should().Equal(running.Uuid);
    }

    [Fact]
    public void A_task_keeps_one_status_per_state_it_went_through_and_only_the_latest_keeps_its_data()
    {
        var task = Task("t1");
        TaskStatus Status(TaskState state, string data) =>
            new() { TaskId = task.TaskId, State = state, Data = Google.Protobuf.ByteString.CopyFromUtf8(data) };
        var starting = Status(TaskState.TaskStarting, "s");

        TaskBook.Record(task, starting);
        TaskBook.Record(task, Status(TaskState.TaskRunning, "r1"));
        TaskBook.Record(task, Status(TaskState.TaskRunning, "r2"));
        TaskBook.Record(task, Status(TaskState.TaskFailed, "f"));

        task.Statuses.Select(s => s.State).Should().Equal(TaskState.TaskStarting, TaskState.TaskRunning, TaskState.TaskFailed);
        task.Statuses.Select(s => s.HasData).Should().Equal(false, false, true);
        task.Statuses[^1].Data.ToStringUtf8().Should().Be("f");
        starting.Data.ToStringUtf8().Should().Be("s", "the status sent to the framework is not changed");
    }
}
