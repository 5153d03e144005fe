using Akka.Actor;
using Akka.TestKit;
using Mesos.Actors.Settings;
using Mesos.Actors.Framework;
using Mesos.Actors.Protocol;
using Mesos.V1;
using Xunit.Abstractions;
using TaskStatus = Mesos.V1.TaskStatus;

using static Mesos.Actors.Framework.SchedulerEvent;

namespace Mesos.Host.Tests.Framework;

/// <summary>A SchedulerActor in the test's ActorSystem (Akka.TestKit) against a real `mesos master` process.</summary>
public sealed class SchedulerActorTests(MasterFixture master, ITestOutputHelper output)
    : Akka.TestKit.Xunit2.TestKit(ReferenceConfig.Get(), "scheduler-tests", output), IClassFixture<MasterFixture>
{
    // The master is a real process on a machine that runs other tests: its answers take what they take.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static FrameworkInfo Info(string name, double failoverTimeout = 0) =>
        new() { User = "root", Name = name, FailoverTimeout = failoverTimeout };

    /// <summary>Starts a scheduler that tells the returned probe every event it gets.</summary>
    private (IActorRef Scheduler, TestProbe Events) Start(SchedulerSettings settings)
    {
        var events = CreateTestProbe();
        return (Sys.ActorOf(Props.Create(() => new RecordingScheduler(settings, events.Ref))), events);
    }

    /// <summary>Makes a call from inside the scheduler and returns how it ended: Status.Success, or Status.Failure with the exception.</summary>
    private Status Call(IActorRef scheduler, Func<RecordingScheduler, System.Threading.Tasks.Task> call)
    {
        var reply = CreateTestProbe();
        scheduler.Tell(new RecordingScheduler.Invoke(call), reply.Ref);
        return reply.ExpectMsg<Status>(Deadline);
    }

    private void CallSucceeds(IActorRef scheduler, Func<RecordingScheduler, System.Threading.Tasks.Task> call)
    {
        var status = Call(scheduler, call);
        status.Should().BeOfType<Status.Success>(status is Status.Failure failure ? failure.Cause.ToString() : "");
    }

    [Theory]
    [InlineData(BodyFormat.Protobuf)]
    [InlineData(BodyFormat.Json)]
    public void Subscribes_and_gets_a_framework_id_and_the_master_info(BodyFormat format)
    {
        var (_, events) = Start(new SchedulerSettings($"127.0.0.1:{master.Port}", Info("sdk-subscribe")) { Format = format });

        var subscribed = events.ExpectMsg<Subscribed>(Deadline);

        subscribed.FrameworkId.Value.Should().MatchRegex(@"^[0-9a-f-]{36}-\d{4}$");
        subscribed.MasterInfo!.Hostname.Should().Be("master.test");
    }

    [Fact]
    public void Reconciling_an_unknown_task_answers_with_a_reconciliation_update()
    {
        var (scheduler, events) = Start(new SchedulerSettings($"127.0.0.1:{master.Port}", Info("sdk-reconcile")));
        events.ExpectMsg<Subscribed>(Deadline);

        CallSucceeds(scheduler, s => s.CallReconcile([new TaskStatus { TaskId = new TaskID { Value = "ghost" }, State = TaskState.TaskRunning }]));

        var update = events.FishForMessage<StatusUpdate>(_ => true, Deadline);
        update.Status.TaskId.Value.Should().Be("ghost");
        update.Status.State.Should().Be(TaskState.TaskLost);
        update.Status.Reason.Should().Be(TaskStatus.Types.Reason.Reconciliation);
    }

    [Fact]
    public void Revive_suppress_and_implicit_reconcile_are_accepted()
    {
        var (scheduler, events) = Start(new SchedulerSettings($"127.0.0.1:{master.Port}", Info("sdk-calls")));
        events.ExpectMsg<Subscribed>(Deadline);

        CallSucceeds(scheduler, s => s.CallSuppress());
        CallSucceeds(scheduler, s => s.CallRevive());
        CallSucceeds(scheduler, s => s.CallReconcile());
    }

    [Fact]
    public void A_refused_call_fails_its_task_with_the_masters_message()
    {
        var (scheduler, events) = Start(new SchedulerSettings($"127.0.0.1:{master.Port}", Info("sdk-refused")));
        events.ExpectMsg<Subscribed>(Deadline);

        var status = Call(scheduler, s => s.CallSendMessage("no-such-agent", "executor", [1, 2, 3]));

        var refused = status.Should().BeOfType<Status.Failure>().Which.Cause.Should().BeOfType<SchedulerCallException>().Which;
        refused.StatusCode.Should().Be(System.Net.HttpStatusCode.BadRequest);
        refused.CallType.Should().Be("MESSAGE");
        refused.MasterMessage.Should().Contain("Agent cannot be found");
    }

    [Fact]
    public async System.Threading.Tasks.Task Teardown_removes_the_framework_and_ends_the_actors_calls()
    {
        var (scheduler, events) = Start(new SchedulerSettings($"127.0.0.1:{master.Port}", Info("sdk-teardown")) { MinBackoff = TimeSpan.FromMilliseconds(50) });
        var subscribed = events.ExpectMsg<Subscribed>(Deadline);

        CallSucceeds(scheduler, s => s.CallTeardown());

        Call(scheduler, s => s.CallRevive()).Should().BeOfType<Status.Failure>()
            .Which.Cause.Should().BeOfType<InvalidOperationException>();
        using var http = new HttpClient();
        using var revive = new HttpRequestMessage(HttpMethod.Post, master.Url("/api/v1/scheduler"))
        {
            Content = new StringContent(
                "{\"type\":\"REVIVE\",\"framework_id\":{\"value\":\"" + subscribed.FrameworkId.Value + "\"}}",
                System.Text.Encoding.UTF8, "application/json"),
        };
        revive.Headers.Add("Mesos-Stream-Id", "any");
        using var answer = await http.SendAsync(revive);
        (await answer.Content.ReadAsStringAsync()).Should().Contain("Framework cannot be found");
    }

    [Fact]
    public async System.Threading.Tasks.Task After_a_lost_connection_it_subscribes_again_with_the_same_framework_id()
    {
        await using var relay = new TcpRelay(master.Port);
        var settings = new SchedulerSettings($"127.0.0.1:{relay.Port}", Info("sdk-failover", failoverTimeout: 60))
        {
            MinBackoff = TimeSpan.FromMilliseconds(50),
        };
        var (scheduler, events) = Start(settings);
        var first = events.ExpectMsg<Subscribed>(Deadline);

        relay.DropConnections();

        events.FishForMessage<Disconnected>(_ => true, Deadline);
        var second = events.FishForMessage<Subscribed>(_ => true, Deadline);
        second.FrameworkId.Should().Be(first.FrameworkId);
        CallSucceeds(scheduler, s => s.CallReconcile());
    }

    [Fact]
    public void An_unreachable_master_is_reported_as_disconnected_and_retried()
    {
        var port = RunningMesos.FreePort();
        var (_, events) = Start(new SchedulerSettings($"127.0.0.1:{port}", Info("sdk-unreachable")) { MinBackoff = TimeSpan.FromMilliseconds(50) });

        var first = events.ExpectMsg<Disconnected>(Deadline);
        events.ExpectMsg<Disconnected>(Deadline);

        first.Reason.Should().Contain($"127.0.0.1:{port}");
    }
}
