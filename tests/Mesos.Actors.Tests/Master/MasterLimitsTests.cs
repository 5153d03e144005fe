using Akka.Configuration;
using Mesos.Actors.Master;
using Mesos.Actors.Master.Operator;
using Mesos.V1;
using Mesos.V1.Scheduler;

namespace Mesos.Actors.Tests.Master;

/// <summary>--max_completed_frameworks, --max_completed_tasks_per_framework and --publish_per_framework_metrics.</summary>
public sealed class MasterLimitsTests : MasterHarness
{
    protected override MasterSettings Settings => MasterSettings.FromConfig(ConfigurationFactory.ParseString(
        "mesos.master { work-dir = /tmp/unused, registry = in_memory, max-completed-frameworks = 1, max-completed-tasks-per-framework = 1, publish-per-framework-metrics = false }"));

    private MasterState State()
    {
        Master.Tell(GetMasterState.Instance, TestActor);
        return ExpectMsg<MasterState>();
    }

    [Fact]
    public void Only_the_newest_completed_frameworks_and_tasks_are_kept_and_no_framework_metrics_are_published()
    {
        var agent = SubscribeAgent("cpus:4;mem:1024");
        var first = SubscribeFramework(name: "first");
        var second = SubscribeFramework(name: "second");
        var offer = Offers(first).Single();
        var launch = Launch(offer, "t1", "cpus:1;mem:128");
        launch.Accept.Operations.Add(Launch(offer, "t2", "cpus:1;mem:128").Accept.Operations.Single());
        Send(first, launch);
        foreach (var (taskId, end) in new[] { ("t1", TaskState.TaskFinished), ("t2", TaskState.TaskFailed) })
        {
            AgentSends(agent, StatusUpdate(first.Id, taskId, end, out var uuid));
            Send(first, new Call { Type = Call.Types.Type.Acknowledge, Acknowledge = new() { AgentId = agent.Id, TaskId = new() { Value = taskId }, Uuid = uuid } });
        }

        State().Frameworks.Single(f => f.Info.Name == "first").CompletedTasks.Select(t => t.TaskId.Value).Should().Equal("t2");

        Send(first, new Call { Type = Call.Types.Type.Teardown });
        Send(second, new Call { Type = Call.Types.Type.Teardown });
        var state = State();
        state.CompletedFrameworks.Select(f => f.Info.Name).Should().Equal("second");
        MasterMetrics.Snapshot(state, Sys.Scheduler.Now).Keys.Should().NotContain(k => k.StartsWith("master/frameworks/", StringComparison.Ordinal));
    }
}
