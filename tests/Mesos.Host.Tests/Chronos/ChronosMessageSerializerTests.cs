using Akka.Configuration;
using Akka.Serialization;
using Akka.TestKit.Xunit2;
using Mesos.Host.Chronos.Jobs;
using Mesos.Host.Chronos.Runs;
using Mesos.Host.Chronos.Scheduler;
using Mesos.V1;
using NodaTime;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Host.Tests.Chronos;

/// <summary>The messages between the scheduler and the job entities, as they cross from one master to another: bound to Chronos' serializer and read back whole.</summary>
public sealed class ChronosMessageSerializerTests() : TestKit(ConfigurationFactory.ParseString(ChronosMessageSerializer.Config))
{
    private static readonly Instant Saved = Instant.FromUtc(2026, 12, 7, 10, 0, 30);

    private T RoundTrip<T>(T message) where T : notnull
    {
        var serializer = Sys.Serialization.FindSerializerFor(message);
        serializer.Should().BeOfType<ChronosMessageSerializer>();
        var bytes = serializer.ToBinary(message);
        return (T)Sys.Serialization.Deserialize(bytes, serializer.Identifier, Serialization.ManifestFor(serializer, message));
    }

    [Fact]
    public void A_job_view_keeps_its_definition_counts_history_and_schedule_whose_empty_start_is_when_it_was_saved()
    {
        var job = new JobDefinition { Name = "beat", Command = "echo", Schedule = "R//PT90S", ScheduleTimeZone = "Europe/Paris", Arguments = ["-n"] };
        var entry = JobEntry.Saved(job, Saved, null) with
        {
            Handled = Saved + Duration.FromSeconds(90),
            Stats = JobStats.None.Succeeded(Saved + Duration.FromSeconds(91)),
            Recent = [new RunRecord("ct:1:0:beat:1", 0, RunCause.Schedule, Saved, Saved + Duration.FromSeconds(1), true, "TASK_FINISHED", "")],
        };
        var run = new JobRun("ct:2:0:beat:2", "beat", 0, RunCause.Manual, Saved, ["--now"]);

        var read = RoundTrip(new JobEntity.View("beat", entry, [run]));

        read.Entry!.Definition.Should().BeEquivalentTo(job);
        read.Entry.Stats.Should().Be(entry.Stats);
        read.Entry.Recent.Should().Equal(entry.Recent);
        read.Entry.NextDue.Should().Be(Saved + Duration.FromSeconds(180));
        read.Runs.Should().ContainSingle().Which.Should().BeEquivalentTo(run);
        RoundTrip(new JobEntity.View("gone", null, [])).Entry.Should().BeNull();
    }

    [Fact]
    public void Actor_refs_task_statuses_and_replies_are_read_back()
    {
        var status = new TaskStatus { TaskId = new TaskID { Value = "ct:1:0:beat:1" }, State = TaskState.TaskFinished, Uuid = Google.Protobuf.ByteString.CopyFromUtf8("u") };
        var job = new JobDefinition { Name = "beat", Command = "true", Parents = ["a"] };
        var save = RoundTrip(new JobEntity.Save(job, TestActor));

        save.Job.Should().BeEquivalentTo(job);
        save.Scheduler.Should().Be(TestActor);
        RoundTrip(new JobEntity.TaskEnded("beat", status)).Status.Should().Be(status);
        RoundTrip(new ChronosFramework.Recorded(status)).Status.Should().Be(status);
        RoundTrip(new ChronosFramework.KillRuns(["ct:1:0:beat:1"])).TaskIds.Should().Equal("ct:1:0:beat:1");
        RoundTrip(new ChronosReply.Refused(["no"])).Errors.Should().Equal("no");
        RoundTrip(ChronosReply.Done.Instance).Should().Be(ChronosReply.Done.Instance);
        RoundTrip(new JobEntity.CountParent("beat", "a", 3)).Should().Be(new JobEntity.CountParent("beat", "a", 3));
    }
}
