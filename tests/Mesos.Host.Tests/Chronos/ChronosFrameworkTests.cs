using Akka.Actor;
using Akka.TestKit.Xunit2;
using Mesos.Actors.Framework;
using Mesos.Host.Chronos.Jobs;
using Mesos.Host.Chronos.Runs;
using Mesos.Host.Chronos.Scheduler;
using Mesos.V1;
using NodaTime;

namespace Mesos.Host.Tests.Chronos;

/// <summary>
/// Chronos' framework as a child of the test actor, before it has subscribed (its master's port is closed): what it does
/// with runs its parent tells it again, as a job's entity tells its open runs whenever the scheduler wakes it.
/// </summary>
public sealed class ChronosFrameworkTests(Xunit.Abstractions.ITestOutputHelper output) : TestKit("akka.loglevel = WARNING", output)
{
    private static readonly JobDefinition Job = new() { Name = "nightly", Command = "true", Schedule = "R/2026-01-01T00:00:00Z/P1D" };

    private static ChronosFramework.LaunchRun Launch(string taskId, bool recovered = false) =>
        new(new JobRun(taskId, Job.Name, 0, RunCause.Schedule, Instant.FromUnixTimeSeconds(0), []), Job, recovered);

    private IActorRef StartFramework() =>
        ChildActorOf(ChronosFramework.Props(new SchedulerSettings("127.0.0.1:1", new FrameworkInfo { User = "root", Name = "chronos" })));

    [Fact]
    public void A_run_told_again_while_its_end_is_not_recorded_has_its_end_told_again_and_is_not_launched_anew()
    {
        var framework = StartFramework();
        framework.Tell(Launch("ct:0:0:nightly:1"));
        framework.Tell(new ChronosFramework.KillRuns(["ct:0:0:nightly:1"]));
        var ended = ExpectMsg<ChronosFramework.TaskEnded>(e => e.Status.TaskId.Value == "ct:0:0:nightly:1");

        framework.Tell(Launch("ct:0:0:nightly:1", recovered: true));
        var again = ExpectMsg<ChronosFramework.TaskEnded>();
        framework.Tell(new ChronosFramework.Recorded(again.Status));
        framework.Tell(Launch("ct:0:0:nightly:1", recovered: true));
        framework.Tell(new ChronosFramework.KillRuns(["ct:0:0:nightly:1"]));

        ended.Status.State.Should().Be(TaskState.TaskKilled);
        again.Status.Should().Be(ended.Status);
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }
}
