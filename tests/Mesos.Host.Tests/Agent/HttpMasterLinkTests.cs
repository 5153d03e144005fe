using System.Collections.Concurrent;
using System.Net;
using Akka.TestKit.Xunit2;
using Google.Protobuf;
using Mesos.Actors.Agent;
using Mesos.Actors.Protocol.RecordIO;
using Mesos.Host.Agent;
using Mesos.Host.Http;
using Mesos.Internal;
using AgentID = Mesos.V1.AgentID;
using AgentInfo = Mesos.V1.AgentInfo;
using FrameworkID = Mesos.V1.FrameworkID;
using MasterInfo = Mesos.V1.MasterInfo;
using TaskID = Mesos.V1.TaskID;
using TaskState = Mesos.V1.TaskState;
using TaskStatus = Mesos.V1.TaskStatus;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesos.Host.Tests.Agent;

/// <summary>The agent's HTTP link against a scripted master on a real socket.</summary>
public sealed class HttpMasterLinkTests : TestKit, IAsyncLifetime
{
    private readonly ScriptedMaster _master = new();
    private HttpMasterLink _link = null!;

    public async Task InitializeAsync()
    {
        await _master.StartAsync();
        _link = new HttpMasterLink([_master.Address], NullLogger.Instance);
        _link.Attach(TestActor);
        ExpectMsg<MasterConnected>(TimeSpan.FromSeconds(10));
    }

    public async Task DisposeAsync()
    {
        await _link.DisposeAsync();
        await _master.DisposeAsync();
    }

    [Fact]
    public void A_master_that_names_itself_the_leader_is_taken_without_asking_its_health() =>
        _master.HealthChecks.Should().Be(0);

    [Fact]
    public async Task The_leader_another_master_names_must_answer_health_first()
    {
        await using var follower = new ScriptedMaster();
        await follower.StartAsync();
        follower.Follow(_master);
        await using var link = new HttpMasterLink([follower.Address], NullLogger.Instance);
        var agent = CreateTestProbe();

        link.Attach(agent);

        agent.ExpectMsg<MasterConnected>(c => c.Master == _master.Address, TimeSpan.FromSeconds(10));
        _master.HealthChecks.Should().Be(1);
    }

    [Fact]
    public async Task A_SUBSCRIBE_retried_while_the_first_is_unanswered_waits_for_it_instead_of_racing_it()
    {
        var answer = _master.HoldNextSubscribe();
        var first = _link.SendAsync(Subscribe());
        await _master.Subscribed(1).WaitAsync(TimeSpan.FromSeconds(10));
        var retry = _link.SendAsync(Subscribe());

        answer.SetResult();
        await Task.WhenAll(first, retry).WaitAsync(TimeSpan.FromSeconds(10));
        ExpectMsg<AgentEvent>(e => e.Type == AgentEvent.Types.Type.Subscribed, TimeSpan.FromSeconds(10));
        await _link.SendAsync(Update());

        _master.SubscriptionsHandled.Should().Be(1);
        _master.UpdatesTaken.Should().Be(1);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task A_call_the_master_refuses_for_its_stream_makes_the_agent_subscribe_again()
    {
        await _link.SendAsync(Subscribe());
        ExpectMsg<AgentEvent>(e => e.Type == AgentEvent.Types.Type.Subscribed, TimeSpan.FromSeconds(10));
        _master.ForgetSubscriptions();

        var refused = () => _link.SendAsync(Update());

        await refused.Should().ThrowAsync<HttpRequestException>();
        ExpectMsg<MasterDisconnected>(TimeSpan.FromSeconds(10));
        ExpectMsg<MasterConnected>(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_SUBSCRIBE_to_the_next_leader_goes_out_at_once_while_one_to_the_master_left_is_unanswered()
    {
        await using var moved = await LinkMovedWhileSubscribing();

        var subscribing = moved.Link.SendAsync(Subscribe());

        await moved.Next.Subscribed(1).WaitAsync(TimeSpan.FromSeconds(10));
        await subscribing.WaitAsync(TimeSpan.FromSeconds(10));
        moved.Agent.ExpectMsg<AgentEvent>(e => e.Type == AgentEvent.Types.Type.Subscribed, TimeSpan.FromSeconds(10));
        // The answer the master left gives at last is not the agent's subscription any more.
        moved.Held.SetResult();
        await moved.Unanswered.WaitAsync(TimeSpan.FromSeconds(10));
        await moved.Link.SendAsync(Update());
        moved.Next.UpdatesTaken.Should().Be(1);
        moved.Agent.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task A_request_to_the_master_left_that_fails_does_not_lose_the_master_followed_now()
    {
        await using var moved = await LinkMovedWhileSubscribing();

        moved.Held.SetCanceled();

        await moved.Unanswered.Awaiting(t => t.WaitAsync(TimeSpan.FromSeconds(10))).Should().ThrowAsync<HttpRequestException>();
        moved.Agent.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        await moved.Link.SendAsync(Subscribe()).WaitAsync(TimeSpan.FromSeconds(10));
        moved.Next.SubscriptionsHandled.Should().Be(1);
    }

    /// <summary>
    /// A link to this test's master and another, subscribed with this one, which then holds the agent's next
    /// SUBSCRIBE unanswered and refuses a call on the first stream: the link loses it and follows the other,
    /// which /master/redirect now names, while that SUBSCRIBE is still out.
    /// </summary>
    private async Task<MovedLink> LinkMovedWhileSubscribing()
    {
        var next = new ScriptedMaster();
        await next.StartAsync();
        var agent = CreateTestProbe();
        var link = new HttpMasterLink([_master.Address, next.Address], NullLogger.Instance);
        link.Attach(agent);
        agent.ExpectMsg<MasterConnected>(c => c.Master == _master.Address, TimeSpan.FromSeconds(10));
        await link.SendAsync(Subscribe());
        agent.ExpectMsg<AgentEvent>(e => e.Type == AgentEvent.Types.Type.Subscribed, TimeSpan.FromSeconds(10));

        var held = _master.HoldNextSubscribe();
        var unanswered = link.SendAsync(Subscribe());
        await _master.Subscribed(2).WaitAsync(TimeSpan.FromSeconds(10));
        _master.Follow(next);
        var refused = () => link.SendAsync(Update());
        await refused.Should().ThrowAsync<HttpRequestException>();
        agent.ExpectMsg<MasterDisconnected>(TimeSpan.FromSeconds(10));
        agent.ExpectMsg<MasterConnected>(c => c.Master == next.Address, TimeSpan.FromSeconds(10));
        return new MovedLink(link, agent, next, held, unanswered);
    }

    private sealed record MovedLink(HttpMasterLink Link, Akka.TestKit.TestProbe Agent, ScriptedMaster Next, TaskCompletionSource Held, Task Unanswered) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Held.TrySetCanceled();
            await Link.DisposeAsync();
            await Next.DisposeAsync();
        }
    }

    private static AgentCall Subscribe() => new()
    {
        Type = AgentCall.Types.Type.Subscribe,
        Subscribe = new AgentCall.Types.Subscribe { AgentInfo = new AgentInfo { Hostname = "h" } },
    };

    private static AgentCall Update() => new()
    {
        Type = AgentCall.Types.Type.Update,
        AgentId = new AgentID { Value = "a" },
        Update = new AgentCall.Types.Update
        {
            FrameworkId = new FrameworkID { Value = "f" },
            Status = new TaskStatus { TaskId = new TaskID { Value = "t" }, State = TaskState.TaskRunning },
        },
    };

    /// <summary>
    /// Answers the agent API as the master does: each SUBSCRIBE opens a stream under a new id and
    /// becomes the agent's current one, in the order the master handles them; other calls are taken
    /// only with the current id, and refused with 403 otherwise.
    /// </summary>
    private sealed class ScriptedMaster : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<TaskCompletionSource> _holds = new();
        private readonly ConcurrentDictionary<int, TaskCompletionSource> _subscribed = new();
        private readonly CancellationTokenSource _stopping = new();
        private int _subscriptions;
        private string? _current;
        private string? _leader;
        private int _updates;
        private int _healthChecks;

        public ScriptedMaster()
        {
            _app = LoopbackWebApp.Create(app =>
            {
                app.MapGet("/health", () =>
                {
                    Interlocked.Increment(ref _healthChecks);
                    return Results.Ok();
                });
                app.MapGet("/master/redirect", () => Results.Redirect("//" + (Volatile.Read(ref _leader) ?? Address), permanent: false, preserveMethod: true));
                app.MapPost(EndpointPaths.AgentApi, Handle);
            });
        }

        public string Address => new Uri(_app.Urls.First()).Authority;

        public int UpdatesTaken => Volatile.Read(ref _updates);

        public int SubscriptionsHandled => Volatile.Read(ref _subscriptions);

        public int HealthChecks => Volatile.Read(ref _healthChecks);

        public Task StartAsync() => _app.StartAsync();

        /// <summary>From now on /master/redirect names <paramref name="leader"/> rather than this master.</summary>
        public void Follow(ScriptedMaster leader) => Volatile.Write(ref _leader, leader.Address);

        /// <summary>
        /// The next SUBSCRIBE is handled at once, but its answer waits until the result is set; cancelled, the
        /// master drops the connection instead, as one that dies does.
        /// </summary>
        public TaskCompletionSource HoldNextSubscribe()
        {
            var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _holds.Enqueue(hold);
            return hold;
        }

        /// <summary>Completes when the master has handled the <paramref name="n"/>th SUBSCRIBE.</summary>
        public Task Subscribed(int n) => _subscribed.GetOrAdd(n, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        public void ForgetSubscriptions() => Volatile.Write(ref _current, "forgotten");

        private async Task Handle(HttpContext context)
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var call = AgentCall.Parser.ParseFrom(body.ToArray());
            if (call.Type != AgentCall.Types.Type.Subscribe)
            {
                if (context.Request.Headers["Mesos-Stream-Id"] != Volatile.Read(ref _current))
                {
                    context.Response.StatusCode = (int)HttpStatusCode.Forbidden;
                    await context.Response.WriteAsync("The stream ID does not match the agent's current subscription");
                    return;
                }
                Interlocked.Increment(ref _updates);
                context.Response.StatusCode = (int)HttpStatusCode.Accepted;
                return;
            }

            var n = Interlocked.Increment(ref _subscriptions);
            var streamId = $"stream-{n}";
            Volatile.Write(ref _current, streamId);
            _subscribed.GetOrAdd(n, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).SetResult();
            if (_holds.TryDequeue(out var hold))
            {
                try
                {
                    await hold.Task;
                }
                catch (OperationCanceledException)
                {
                    context.Abort();
                    return;
                }
            }
            context.Response.Headers["Mesos-Stream-Id"] = streamId;
            context.Response.ContentType = "application/x-protobuf";
            var subscribed = new AgentEvent
            {
                Type = AgentEvent.Types.Type.Subscribed,
                Subscribed = new AgentEvent.Types.Subscribed { AgentId = new AgentID { Value = "a" }, MasterInfo = new MasterInfo { Id = "m", Ip = 0, Port = 0 } },
            };
            await context.Response.Body.WriteAsync(RecordIOWriter.Encode(subscribed.ToByteArray()));
            await context.Response.Body.FlushAsync();
            // The stream stays open until the link or the test lets go of it.
            var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (context.RequestAborted.Register(() => closed.TrySetResult()))
            using (_stopping.Token.Register(() => closed.TrySetResult()))
            {
                await closed.Task;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stopping.CancelAsync();
            await _app.DisposeAsync();
            _stopping.Dispose();
        }
    }
}
