using Akka.Actor;
using Akka.TestKit;
using Mesos.Actors.Agent;
using Mesos.Actors.Containerizer;
using Mesos.Actors.Tests.Containerizer;
using Mesos.Actors.Tests.TestKit;
using Mesos.Internal;
using Mesos.V1;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Tests.Agent;

/// <summary>An agent on an in-memory link, with a probe as its master, and the master's side of the conversation.</summary>
internal sealed class AgentFixture : IDisposable
{
    private static readonly MachineFacts Machine = new(4, 8L << 30, 100L << 30);

    private readonly TemporaryDirectory _workDir = new();
    private readonly Random _jitter;
    private int _runs;

    public AgentFixture(Akka.TestKit.Xunit2.TestKit kit, IContainerizer containerizer, Random jitter, double pingIntervalSeconds = 15)
    {
        Kit = kit;
        PingIntervalSeconds = pingIntervalSeconds;
        _jitter = jitter;
        Master = kit.CreateTestProbe("master");
        Settings = new AgentSettings
        {
            Masters = ["master:5050"],
            Ip = "127.0.0.1",
            Port = 5051,
            Hostname = "agent-host",
            WorkDir = _workDir.Path,
            Resources = "cpus:2;mem:1024",
            Attributes = "rack:a;level:3",
        };
        (Agent, Link) = Start(containerizer);
    }

    private (IActorRef Agent, InMemoryMasterLink Link) Start(IContainerizer containerizer)
    {
        var link = new InMemoryMasterLink(Master.Ref);
        var agent = Kit.Sys.ActorOf(AgentActor.Props(Settings, AgentActor.Describe(Settings, Machine), link, _ => containerizer, _jitter),
            _runs++ == 0 ? "agent" : $"agent-run-{_runs}");
        Kit.AwaitCondition(() => link.IsAttached);
        return (agent, link);
    }

    /// <summary>
    /// As a kill -9 of the agent's process and a new start on its work dir: the agent actor stops (its containers are not
    /// killed, as they outlive a real agent), and a new one starts from what the first checkpointed, with a new link.
    /// </summary>
    public void Restart(IContainerizer containerizer)
    {
        Kit.Watch(Agent);
        Kit.Sys.Stop(Agent);
        Kit.ExpectTerminated(Agent);
        (Agent, Link) = Start(containerizer);
    }

    public Akka.TestKit.Xunit2.TestKit Kit { get; }

    public double PingIntervalSeconds { get; }

    public TestProbe Master { get; }

    public InMemoryMasterLink Link { get; private set; }

    public AgentSettings Settings { get; }

    public IActorRef Agent { get; private set; }

    public string WorkDir => _workDir.Path;

    public AgentCall ExpectCall(AgentCall.Types.Type type, TimeSpan? timeout = null) =>
        Master.ExpectMsg<AgentCall>(c => c.Type == type, timeout);

    /// <summary>The link reaches the master; on the calling thread, the agent has taken note when this returns.</summary>
    public void Connect() => Link.Connect();

    /// <summary>Connects and answers the first SUBSCRIBE; returns it.</summary>
    public AgentCall Subscribe(string agentId = "agent-1")
    {
        Connect();
        Kit.Clock().Advance(MasterSubscription.RegistrationBackoffFactor);
        var subscribe = ExpectCall(AgentCall.Types.Type.Subscribe);
        Link.Deliver(AgentEvents.Subscribed(agentId, PingIntervalSeconds));
        return subscribe;
    }

    /// <summary>
    /// Connects as a slow agent does: its retried SUBSCRIBE goes out before the answer to the first is taken,
    /// and the first SUBSCRIBED arrives with both out.
    /// </summary>
    public void SubscribeWhileRetryCrosses(string agentId = "agent-1")
    {
        Connect();
        // The agent may run on a pool thread (a recovered container's end): each timer is set before time moves on.
        CallingThreadIdle.Settle(Kit.Sys, Agent);
        Kit.Clock().Advance(TimeSpan.FromSeconds(1));
        ExpectCall(AgentCall.Types.Type.Subscribe);
        CallingThreadIdle.Settle(Kit.Sys, Agent);
        Kit.Clock().Advance(TimeSpan.FromSeconds(2));
        ExpectCall(AgentCall.Types.Type.Subscribe);
        Link.Deliver(AgentEvents.Subscribed(agentId));
    }

    /// <summary>
    /// Expects the next call to be a status update (on virtual time no SUBSCRIBE retry can cross the
    /// SUBSCRIBED, so nothing is skipped), checks its state, and acknowledges it as the framework would.
    /// </summary>
    public TaskStatus ExpectUpdate(TaskState state, TimeSpan? timeout = null)
    {
        var status = ExpectCall(AgentCall.Types.Type.Update, timeout).Update.Status;
        status.State.Should().Be(state, "the update says: {0}", status.Message);
        Link.Deliver(AgentEvents.Acknowledge(status));
        return status;
    }

    /// <summary>The sandboxes of a task's runs.</summary>
    public string Sandbox(string taskId) =>
        Directory.GetDirectories(Path.Combine(WorkDir, "slaves", "agent-1", "frameworks", AgentEvents.FrameworkId.Value,
            "executors", taskId, "runs")).Single();

    public void Dispose() => _workDir.Dispose();
}
