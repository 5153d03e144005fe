using Mesos.Actors.Protocol;
using System.Threading.Channels;
using Google.Protobuf;
using Akka.Configuration;
using Mesos.Actors.Settings;
using Mesos.Actors.Master;
using Akka.Actor;
using Mesos.Internal;
using Mesos.V1;
using Resources = Mesos.Actors.Protocol.Resources;
using TaskStatus = Mesos.V1.TaskStatus;
using Mesos.V1.Scheduler;
using Mesos.Actors.Tests.TestKit;

namespace Mesos.Actors.Tests.Master;

/// <summary>
/// A master on virtual time with every actor on the calling thread (<see cref="VirtualTime.OnCallingThread"/>),
/// with frameworks and agents that subscribe through channels as the HTTP endpoints do. Its calls, and an
/// <see cref="Advance"/>, return once the master, its allocator and its sessions have done all they
/// do in consequence (see <see cref="Settle"/>), so what the channels hold is complete.
/// </summary>
public abstract class MasterHarness(Config config) : Akka.TestKit.Xunit2.TestKit(config.WithFallback(VirtualTime.OnCallingThread))
{
    protected MasterHarness() : this(Config.Empty)
    {
    }

    protected static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(15);

    /// <summary>The step of <see cref="Advance"/>: every timer of the master is a whole number of them.</summary>
    protected static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    private IActorRef? _master;

    protected IActorRef Master => _master ??= StartMaster("master");

    private int _incarnations;

    /// <summary>
    /// Stops the master and starts another on the same registry (the in-memory journal outlives it in this
    /// actor system), as a master process killed and started again: the old connections are gone.
    /// </summary>
    protected void RestartMaster()
    {
        var old = Master;
        Watch(old);
        Sys.Stop(old);
        ExpectTerminated(old);
        _master = StartMaster($"master-{++_incarnations}");
    }

    /// <summary>
    /// A master that has recovered its registry: it holds every message until then, so a first state query
    /// answers once it has. The first recovery in a test process loads Akka.Persistence, which can take seconds.
    /// </summary>
    protected IActorRef StartMaster(string name)
    {
        var master = Sys.ActorOf(MasterActor.Props(Settings, Info), name);
        master.Tell(GetMasterState.Instance, TestActor);
        ExpectMsg<MasterState>(TimeSpan.FromSeconds(30));
        Settle(master);
        return master;
    }

    /// <summary>The master's answer to the test's last message, once the master has done the rest of that turn.</summary>
    protected T Answer<T>()
    {
        var answer = ExpectMsg<T>();
        Settle(Master);
        return answer;
    }

    private object CallAnswer()
    {
        var answer = ExpectMsg<object>(m => m is CallAccepted or CallRefused);
        Settle(Master);
        return answer;
    }

    /// <summary>Waits until the master is idle on the test's thread: its answer goes out in the middle of a turn, the allocator's offers at its end.</summary>
    private void Settle(IActorRef master) => CallingThreadIdle.Settle(Sys, master);

    /// <summary>The registry is Akka's in-memory journal, which outlives a master stopped and started again in the same system.</summary>
    protected virtual MasterSettings Settings => MasterSettings.FromConfig(ConfigurationFactory.ParseString("mesos.master { work-dir = /tmp/unused, registry = in_memory }"));

    protected static MasterInfo Info { get; } = new() { Id = "m1", Ip = 16777343, Port = 5050, Hostname = "master.test" };

    protected sealed record FrameworkClient(FrameworkID Id, string StreamId, ChannelReader<Event> Events);

    protected sealed record AgentClient(AgentID Id, string StreamId, ChannelReader<AgentEvent> Events);

    protected FrameworkClient SubscribeFramework(string name = "test", bool partitionAware = false, double failoverTimeout = 0, FrameworkID? id = null, string role = "*")
    {
        var info = new FrameworkInfo { Name = name, User = "root", FailoverTimeout = failoverTimeout, Role = role };
        if (id is not null) info.Id = id;
        if (partitionAware) info.Capabilities.Add(new FrameworkInfo.Types.Capability { Type = FrameworkInfo.Types.Capability.Types.Type.PartitionAware });
        var events = Channel.CreateUnbounded<Event>();
        Master.Tell(new SubscribeFramework(new Call.Types.Subscribe { FrameworkInfo = info }, events.Writer), TestActor);
        var subscribed = Answer<FrameworkSubscribed>();
        return new FrameworkClient(subscribed.FrameworkId, subscribed.StreamId, events.Reader);
    }

    protected AgentClient SubscribeAgent(string resources = "cpus:4;mem:4096", string hostname = "agent.test", AgentID? id = null, params Mesos.V1.Task[] tasks) =>
        SubscribeAgent(Resources.Parse(resources), id, hostname, tasks);

    protected AgentClient SubscribeAgent(Resources resources, AgentID? id = null, string hostname = "agent.test", params Mesos.V1.Task[] tasks)
    {
        var info = new AgentInfo { Hostname = hostname, Port = 5051, Resources = { resources.ToProtos() } };
        var events = Channel.CreateUnbounded<AgentEvent>();
        var subscribe = new AgentCall.Types.Subscribe { AgentInfo = info, Tasks = { tasks } };
        Master.Tell(new SubscribeAgent(subscribe, id, events.Writer), TestActor);
        var subscribed = Answer<AgentSubscribed>();
        return new AgentClient(subscribed.AgentId, subscribed.StreamId, events.Reader);
    }

    protected sealed record OperatorClient(string StreamId, ChannelReader<V1.Master.Event> Events);

    /// <summary>An operator's event stream, buffered as <paramref name="capacity"/> says.</summary>
    protected OperatorClient SubscribeOperator(int capacity = 1000)
    {
        var events = Channel.CreateBounded<V1.Master.Event>(capacity);
        Master.Tell(new SubscribeOperator(events.Writer), TestActor);
        return new OperatorClient(Answer<OperatorSubscribed>().StreamId, events.Reader);
    }

    /// <summary>
    /// Moves virtual time forward by <paramref name="by"/>, a <see cref="Tick"/> at a time. Akka's
    /// TestScheduler fires, in one advance, only what was due before it began, each once, with the clock
    /// already at the target: a heartbeat advanced over three periods would beat once. Every timer of the
    /// master (allocation interval, offer timeout, agent pings, heartbeats, failover timeouts) and every
    /// filter of these tests is a whole number of ticks from a whole number of ticks, so stepping tick by
    /// tick fires each timer at its own instant, and the consequence of one (a missed ping, an expired
    /// filter, a round) is in place before the next, as on the master's real clock.
    /// </summary>
    protected void Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero || by.Ticks % Tick.Ticks != 0) throw new ArgumentException($"Advance moves whole ticks of {Tick}, not {by}", nameof(by));
        var settings = Settings;
        if (!OnTicks(settings.AgentPingTimeout) || !OnTicks(settings.AllocationInterval) || settings.OfferTimeout is { } offer && !OnTicks(offer))
        {
            throw new InvalidOperationException($"The master's timers must be whole ticks of {Tick} for Advance to fire them at their instant");
        }
        for (var moved = TimeSpan.Zero; moved < by; moved += Tick) this.Clock().Advance(Tick);
        if (_master is not null) Settle(_master);
    }

    private static bool OnTicks(TimeSpan interval) => interval.Ticks % Tick.Ticks == 0;

    /// <summary>Everything the stream has carried so far (the actors have run: they are on the calling thread).</summary>
    protected static List<T> Drain<T>(ChannelReader<T> reader)
    {
        var items = new List<T>();
        while (reader.TryRead(out var item)) items.Add(item);
        return items;
    }

    protected object Send(FrameworkClient framework, Call call)
    {
        call.FrameworkId = framework.Id;
        Master.Tell(new SchedulerCall(call, framework.StreamId), TestActor);
        return CallAnswer();
    }

    protected object AgentSends(AgentClient agent, AgentCall call)
    {
        call.AgentId = agent.Id;
        Master.Tell(new AgentCallReceived(call, agent.StreamId), TestActor);
        return CallAnswer();
    }

    protected List<Offer> Offers(FrameworkClient framework) =>
        Drain(framework.Events).Where(e => e.Type == Event.Types.Type.Offers).SelectMany(e => e.Offers.Offers_).ToList();

    protected static Call Launch(Offer offer, string taskId, string resources = "cpus:1;mem:128", string command = "true")
    {
        var task = new TaskInfo
        {
            Name = taskId,
            TaskId = new TaskID { Value = taskId },
            AgentId = offer.AgentId,
            Command = new CommandInfo { Value = command },
            Resources = { Resources.Parse(resources).ToProtos() },
        };
        return new Call
        {
            Type = V1.Scheduler.Call.Types.Type.Accept,
            Accept = new Call.Types.Accept
            {
                OfferIds = { offer.Id },
                Operations = { new Offer.Types.Operation { Type = Offer.Types.Operation.Types.Type.Launch, Launch = new Offer.Types.Operation.Types.Launch { TaskInfos = { task } } } },
            },
        };
    }

    protected static AgentCall StatusUpdate(FrameworkID framework, string taskId, TaskState state, out ByteString uuid)
    {
        uuid = ByteString.CopyFrom(Guid.NewGuid().ToByteArray());
        return new AgentCall
        {
            Type = AgentCall.Types.Type.Update,
            Update = new AgentCall.Types.Update
            {
                FrameworkId = framework,
                Status = new TaskStatus { TaskId = new TaskID { Value = taskId }, State = state, Uuid = uuid, Source = TaskStatus.Types.Source.Executor },
            },
        };
    }
}
