using System.Threading.Channels;
using Mesos.Actors.Framework;
using Mesos.Actors.Protocol;
using Akka.Actor;
using Mesos.V1;
using Task = System.Threading.Tasks.Task;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Host.Tests.Framework;

/// <summary>A SchedulerActor in the test process against a real `mesos master` process.</summary>
public sealed class SchedulerActorTests(MasterFixture master) : IClassFixture<MasterFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly ActorSystem _system = ActorSystem.Create("scheduler-tests");
    private readonly Channel<SchedulerEvent> _events = Channel.CreateUnbounded<SchedulerEvent>();
    private readonly List<SchedulerEvent> _seen = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _system.Terminate();

    private static FrameworkInfo Info(string name, double failoverTimeout = 0) =>
        new() { User = "root", Name = name, FailoverTimeout = failoverTimeout };

    private IActorRef Start(SchedulerSettings settings) =>
        _system.ActorOf(Props.Create(() => new RecordingScheduler(settings, _events.Writer)));

    private async Task<T> Expect<T>(Func<T, bool>? match = null) where T : SchedulerEvent
    {
        using var deadline = new CancellationTokenSource(Deadline);
        try
        {
            while (true)
            {
                var next = await _events.Reader.ReadAsync(deadline.Token);
                _seen.Add(next);
                if (next is T wanted && (match is null || match(wanted))) return wanted;
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No {typeof(T).Name} within {Deadline}. Seen: {string.Join(", ", _seen)}");
        }
    }

    private static Task Call(IActorRef scheduler, Func<RecordingScheduler, Task> call) =>
        scheduler.Ask<object>(new RecordingScheduler.Invoke(call), Deadline);

    [Theory]
    [InlineData(BodyFormat.Protobuf)]
    [InlineData(BodyFormat.Json)]
    public async Task Subscribes_and_gets_a_framework_id_and_the_master_info(BodyFormat format)
    {
        Start(new SchedulerSettings($"127.0.0.1:{master.Port}", Info("sdk-subscribe")) { Format = format });

        var subscribed = await Expect<Subscribed>();

        subscribed.FrameworkId.Value.Should().MatchRegex(@"^[0-9a-f-]{36}-\d{4}$");
        subscribed.MasterInfo!.Hostname.Should().Be("master.test");
    }

    [Fact]
    public async Task Reconciling_an_unknown_task_answers_with_a_reconciliation_update()
    {
        var scheduler = Start(new SchedulerSettings($"127.0.0.1:{master.Port}", Info("sdk-reconcile")));
        await Expect<Subscribed>();

        await Call(scheduler, s => s.CallReconcile([new TaskStatus { TaskId = new TaskID { Value = "ghost" }, State = TaskState.TaskRunning }]));

        var update = await Expect<StatusUpdate>();
        update.Status.TaskId.Value.Should().Be("ghost");
        update.Status.State.Should().Be(TaskState.TaskLost);
        update.Status.Reason.Should().Be(TaskStatus.Types.Reason.Reconciliation);
    }

    [Fact]
    public async Task Revive_suppress_and_implicit_reconcile_are_accepted()
    {
        var scheduler = Start(new SchedulerSettings($"127.0.0.1:{master.Port}", Info("sdk-calls")));
        await Expect<Subscribed>();

        await Call(scheduler, s => s.CallSuppress());
        await Call(scheduler, s => s.CallRevive());
        await Call(scheduler, s => s.CallReconcile());
    }

    [Fact]
    public async Task A_refused_call_fails_its_task_with_the_masters_message()
    {
        var scheduler = Start(new SchedulerSettings($"127.0.0.1:{master.Port}", Info("sdk-refused")));
        await Expect<Subscribed>();

        var message = () => Call(scheduler, s => s.CallSendMessage("no-such-agent", "executor", [1, 2, 3]));

        var refused = (await message.Should().ThrowAsync<SchedulerCallException>()).Which;
        refused.StatusCode.Should().Be(System.Net.HttpStatusCode.BadRequest);
        refused.CallType.Should().Be("MESSAGE");
        refused.MasterMessage.Should().Contain("Agent cannot be found");
    }

    [Fact]
    public async Task Teardown_removes_the_framework_and_ends_the_actors_calls()
    {
        var scheduler = Start(new SchedulerSettings($"127.0.0.1:{master.Port}", Info("sdk-teardown")) { MinBackoff = TimeSpan.FromMilliseconds(50) });
        var subscribed = await Expect<Subscribed>();

        await Call(scheduler, s => s.CallTeardown());

        var afterTeardown = () => Call(scheduler, s => s.CallRevive());
        await afterTeardown.Should().ThrowAsync<InvalidOperationException>();
        using var http = new HttpClient();
        using var revive = new HttpRequestMessage(HttpMethod.Post, master.Url("/api/v1/scheduler"))
        {
            Content = new StringContent(
                "{\"type\":\"REVIVE\",\"framework_id\":{\"value\":\"" + subscribed.FrameworkId.Value + "\"}}",
                System.Text.Encoding.UTF8, "application/json"),
        };
        revive.Headers.Add("Mesos-Stream-Id", "any");
        var answer = await http.SendAsync(revive);
        (await answer.Content.ReadAsStringAsync()).Should().Contain("Framework cannot be found");
    }

    [Fact]
    public async Task After_a_lost_connection_it_subscribes_again_with_the_same_framework_id()
    {
        await using var relay = new TcpRelay(master.Port);
        var settings = new SchedulerSettings($"127.0.0.1:{relay.Port}", Info("sdk-failover", failoverTimeout: 60))
        {
            MinBackoff = TimeSpan.FromMilliseconds(50),
        };
        var scheduler = Start(settings);
        var first = await Expect<Subscribed>();

        relay.DropConnections();

        await Expect<Disconnected>();
        var second = await Expect<Subscribed>();
        second.FrameworkId.Should().Be(first.FrameworkId);
        await Call(scheduler, s => s.CallReconcile());
    }

    [Fact]
    public async Task An_unreachable_master_is_reported_as_disconnected_and_retried()
    {
        var port = RunningMesos.FreePort();
        Start(new SchedulerSettings($"127.0.0.1:{port}", Info("sdk-unreachable")) { MinBackoff = TimeSpan.FromMilliseconds(50) });

        var first = await Expect<Disconnected>();
        await Expect<Disconnected>();

        first.Reason.Should().Contain($"127.0.0.1:{port}");
    }
}
