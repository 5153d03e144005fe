using Mesos.Actors.Protocol;
using Mesos.Actors.Master.Agents;
using Mesos.Actors.Master.Allocation;
using Mesos.Actors.Master.Operator;
using Mesos.Actors.Master.Registrar;
using Mesos.Actors.Master.State;
using Mesos.Actors.Master.Validation;
using Mesos.Internal;
using Mesos.V1;
using TaskStatus = Mesos.V1.TaskStatus;
using Akka.Actor;
using Akka.Event;

namespace Mesos.Actors.Master;

public sealed partial class MasterActor
{
    private void OnSubscribeAgent(SubscribeAgent request) => Admit([(request, Sender)]);

    /// <summary>
    /// Agents subscribing: each is admitted, or admitted again, in the registry, all in one write, and then
    /// gets its session. Subscriptions that arrive while a write is out wait for the next one together
    /// (<see cref="QueueAdmission"/>): a thousand agents registering at once, or coming back after they were
    /// unreachable, cost a few writes, not a thousand, and the master does not hold every other call (their
    /// PONGs among them) behind one write after another. Mesos writes one registry operation each.
    /// </summary>
    private void Admit(IReadOnlyList<(SubscribeAgent Request, IActorRef ReplyTo)> subscriptions)
    {
        var admissions = new List<(SubscribeAgent Request, IActorRef ReplyTo, AgentInfo Registered, AgentState? Agent)>(subscriptions.Count);
        foreach (var (request, replyTo) in subscriptions)
        {
            if (!request.Decoded && SubscriptionValidator.ValidateAgent(request.Subscribe, request.AgentId) is { } invalid)
            {
                replyTo.Tell(Invalid(invalid), Self);
                continue;
            }
            var info = request.Subscribe.AgentInfo;
            var id = request.AgentId ?? info.Id;
            // An agent that subscribes again before it learned its id is still the agent at that address.
            var agent = id is not null && _agents.TryGetValue(id.Value, out var known) ? known
                : id is null ? _agents.Values.FirstOrDefault(a => a.Info.Hostname == info.Hostname && a.Info.Port == info.Port) : null;
            if (agent is not null && SubscriptionValidator.ValidateHeld(request.Subscribe, agent.Total) is { } beyond)
            {
                replyTo.Tell(Invalid(beyond), Self);
                continue;
            }
            var registered = info.Clone();
            registered.Id = agent?.Id ?? id ?? _ids.NextAgentId();
            admissions.Add((request, replyTo, registered, agent));
        }
        if (admissions.Count == 0) return;
        // A new agent is admitted; one with an id (after a master restart, after it was unreachable, or
        // unknown) is admitted again, unless the registry says it is gone.
        Write(admissions.Select(a => a.Agent is null && (a.Request.AgentId ?? a.Request.Subscribe.AgentInfo.Id) is null
                ? (RegistryOperation)new AdmitAgent(a.Registered) : new ReadmitAgent(a.Registered)).ToList(),
            refusals =>
            {
                for (var i = 0; i < admissions.Count; i++)
                {
                    var (request, replyTo, registered, agent) = admissions[i];
                    if (refusals[i] is { } refusal) replyTo.Tell(Invalid(refusal), Self);
                    else Subscribe(request, registered, agent, replyTo);
                }
            },
            reason =>
            {
                foreach (var admission in admissions) admission.ReplyTo.Tell(Unavailable(reason), Self);
            });
    }

    /// <summary>The registry admitted the agent: it gets its session, or takes its previous one over.</summary>
    private void Subscribe(SubscribeAgent request, AgentInfo registered, AgentState? agent, IActorRef replyTo)
    {
        // An agent the master had given up on (unreachable) is added again, as Mesos removed it.
        var added = agent is null || !agent.Reachable;
        // A connected agent that subscribes again (its first answer was slow to come) may hold offers
        // that frameworks are accepting: they are rescinded only if what runs on it changes.
        var heldBefore = agent is { Reachable: true, Connected: true } ? Holders(agent) : null;
        if (agent is null)
        {
            var recovered = _recoveredAgents.Remove(registered.Id.Value);
            var session = Context.ActorOf(AgentSession.Props(registered.Id, _settings.AgentPingTimeout, _settings.MaxAgentPingTimeouts, _registry.Epoch), SessionName("agent"));
            agent = new AgentState(registered, session) { RegisteredTime = Now };
            _agents[registered.Id.Value] = agent;
            LogRegistered(recovered ? AgentRegistration.AfterRestart : AgentRegistration.New, registered);
            _counters.Increment(recovered ? MasterMetrics.AgentReregistrations : MasterMetrics.AgentRegistrations);
        }
        else
        {
            agent.Info = registered;
            LogRegistered(AgentRegistration.Again, registered);
            _counters.Increment(MasterMetrics.AgentReregistrations);
        }

        agent.Address = request.Address ?? agent.Address;
        agent.Capabilities = [.. request.Subscribe.Capabilities.Select(c => c.Clone())];
        agent.StreamId = NewStreamId();
        var subscribed = new AgentEvent
        {
            Type = AgentEvent.Types.Type.Subscribed,
            Subscribed = new AgentEvent.Types.Subscribed
            {
                AgentId = agent.Id,
                MasterInfo = _info,
                PingIntervalSeconds = _settings.AgentPingTimeout.TotalSeconds,
            },
        };
        agent.Session.Tell(new AgentSession.Attach(agent.StreamId, request.Events, subscribed), Self);
        replyTo.Tell(new AgentSubscribed(agent.Id, agent.StreamId), Self);
        ReconcileAgentTasks(agent, request.Decoded ? request.Subscribe.Tasks : request.Subscribe.Tasks.Select(t => t.Clone()));
        if (added) Publish(() => OperatorEvents.AgentAdded(View(agent), _info.Version));
        AdoptExecutors(agent, request.Subscribe.Executors);
        // An agent that lost what the master told it (a new process) learns its reservations again.
        if (Resources.FromProtos(registered.Resources) != agent.Total) CheckpointOnAgent(agent);
        if (heldBefore is null || !heldBefore.SetEquals(Holders(agent))) ResyncAllocator(agent, added);
    }

    private readonly RegistrationLog _registrations = new();

    private sealed record LogRegistrations
    {
        public static LogRegistrations Instance { get; } = new();
    }

    /// <summary>Each agent registered is logged at debug level, and counted in a line logged once a second at most.</summary>
    private void LogRegistered(AgentRegistration kind, AgentInfo registered)
    {
        if (_log.IsDebugEnabled) _log.Debug("Agent {Id} at {Host}:{Port} registered ({Kind})", registered.Id.Value, registered.Hostname, registered.Port, kind);
        if (_registrations.Count(kind, registered)) Timers.StartSingleTimer(LogRegistrations.Instance, LogRegistrations.Instance, RegistrationLog.Interval);
    }

    private void OnLogRegistrations()
    {
        if (_registrations.Summary() is { } summary) _log.Info("{Summary}", summary);
    }

    /// <summary>
    /// Each task and executor holding the agent's resources, with what it holds. Whether anything changed
    /// is told holder by holder, not by the amounts: tasks lost for not being reported have gone back to
    /// the allocator, and others reported in their place, holding as much, must be added to it.
    /// </summary>
    private HashSet<(string Framework, string Id, bool IsExecutor, Resources Resources)> Holders(AgentState agent) =>
    [
        .. _tasks.OnAgent(agent.Id.Value).Select(t => (t.Key.Framework, t.Key.Task, false, Resources.FromProtos(t.Value.Resources))),
        .. agent.Executors.Select(e => (e.Key.Framework, e.Key.Executor, true, Resources.FromProtos(e.Value.Resources))),
    ];

    private void OnAgentCall(AgentCallReceived request)
    {
        var call = request.Call;
        if (call.AgentId is null || !_agents.TryGetValue(call.AgentId.Value, out var agent))
        {
            Sender.Tell(Invalid("Agent cannot be found"), Self);
            return;
        }
        if (request.StreamId is null || request.StreamId != agent.StreamId)
        {
            Sender.Tell(new CallRefused(CallRefusal.NotSubscribed, "The stream ID does not match the agent's current subscription"), Self);
            return;
        }

        switch (call.Type)
        {
            case AgentCall.Types.Type.Update when call.Update?.Status is { } status:
                OnStatusUpdate(agent, status, call.Update.FrameworkId);
                break;
            case AgentCall.Types.Type.Pong when call.Pong is { } pong:
                agent.Session.Tell(new AgentSession.Pong(pong.Sequence), Self);
                break;
            case AgentCall.Types.Type.Message when call.Message is { } message:
                ForwardExecutorMessage(agent, message);
                break;
            case AgentCall.Types.Type.ExecutorExited when call.ExecutorExited is { } exited:
                OnExecutorExited(agent, exited);
                break;
            default:
                Sender.Tell(Invalid($"Invalid agent call {call.Type}"), Self);
                return;
        }
        Sender.Tell(CallAccepted.Instance, Self);
    }

    private void ForwardExecutorMessage(AgentState agent, AgentCall.Types.Message message)
    {
        _counters.Increment(MasterMetrics.ExecutorToFrameworkMessages);
        if (!_frameworks.TryGetValue(message.FrameworkId.Value, out var framework))
        {
            _counters.Increment(MasterMetrics.InvalidExecutorToFrameworkMessages);
            return;
        }
        _counters.Increment(MasterMetrics.ValidExecutorToFrameworkMessages);
        SendToFramework(framework, new V1.Scheduler.Event
        {
            Type = V1.Scheduler.Event.Types.Type.Message,
            Message = new V1.Scheduler.Event.Types.Message { AgentId = agent.Id, ExecutorId = message.ExecutorId, Data = message.Data },
        });
    }

    /// <summary>
    /// As Mesos: the executor's resources are free again, and its framework hears of it in a FAILURE
    /// event with the executor's wait status (its tasks' own ends arrive as status updates).
    /// </summary>
    private void OnExecutorExited(AgentState agent, AgentCall.Types.ExecutorExited exited)
    {
        _log.Info("Executor {Executor} of framework {Framework} on agent {Agent} exited with wait status {Status}",
            exited.ExecutorId.Value, exited.FrameworkId.Value, agent.Id.Value, exited.Status);
        if (agent.Executors.Remove((exited.FrameworkId.Value, exited.ExecutorId.Value), out var executor))
        {
            var role = _frameworks.TryGetValue(exited.FrameworkId.Value, out var owner) ? owner.Role : "*";
            Recover(exited.FrameworkId.Value, agent.Id, Resources.FromProtos(executor.Resources), role);
        }
        if (!_frameworks.TryGetValue(exited.FrameworkId.Value, out var framework)) return;
        SendToFramework(framework, new V1.Scheduler.Event
        {
            Type = V1.Scheduler.Event.Types.Type.Failure,
            Failure = new V1.Scheduler.Event.Types.Failure { AgentId = agent.Id, ExecutorId = exited.ExecutorId, Status = exited.Status },
        });
    }

    private void OnAgentStreamClosed(AgentStreamClosed closed)
    {
        if (!_agents.TryGetValue(closed.AgentId.Value, out var agent) || agent.StreamId != closed.StreamId) return;
        _log.Info("Agent {Id} disconnected", agent.Id.Value);
        agent.StreamId = null;
        agent.Session.Tell(new AgentSession.StreamClosed(closed.StreamId), Self);
        TellAllocator(new AgentDeactivated(agent.Id.Value));
        RescindOffers(agent);
    }

    /// <summary>
    /// The agent missed its pings: its tasks are reported unreachable to partition-aware frameworks
    /// and lost to the others, and nothing is offered from it until it registers again.
    /// </summary>
    private void OnAgentUnreachable(AgentUnreachable unreachable)
    {
        if (!_agents.TryGetValue(unreachable.AgentId.Value, out var agent) || !agent.Reachable) return;
        // The registry is told first; a refusal (a strict registry that does not know the agent) does
        // not make the agent answer its pings, so it is unreachable all the same.
        Write([new MarkAgentUnreachable(agent.Id)], _ => MarkUnreachable(agent), reason =>
        {
            _log.Warning("Marking agent {Id} unreachable failed ({Reason}); trying again", agent.Id.Value, reason);
            Timers.StartSingleTimer(unreachable, unreachable, RegistryRetryMin);
        });
    }

    private void MarkUnreachable(AgentState agent)
    {
        if (!agent.Reachable) return;
        _log.Warning("Agent {Id} is unreachable", agent.Id.Value);
        agent.Reachable = false;
        agent.UnreachableTime = Now;
        CountMarkedUnreachable(duringRecovery: false);
        RescindOffers(agent);
        TellAllocator(new AgentRemoved(agent.Id.Value));
        foreach (var ((frameworkId, _), task) in _tasks.OnAgent(agent.Id.Value).ToArray())
        {
            if (!_frameworks.TryGetValue(frameworkId, out var framework)) continue;
            var state = framework.IsPartitionAware ? TaskState.TaskUnreachable : TaskState.TaskLost;
            UpdateTaskFromMaster(framework, task, state, TaskStatus.Types.Reason.AgentRemoved, "Agent is unreachable");
        }
        Publish(() => OperatorEvents.AgentRemoved(agent.Id));
    }

    /// <summary>
    /// A registering agent reports what it runs: those tasks are its own again; tasks the master
    /// placed there that the agent no longer has are gone. A task runs on one agent: one the master
    /// knows on another agent, where it holds resources, stays there. The master keeps the tasks
    /// <paramref name="reported"/> yields: nothing else may hold them.
    /// </summary>
    private void ReconcileAgentTasks(AgentState agent, IEnumerable<V1.Task> reported)
    {
        var reportedKeys = new HashSet<(string, string)>();
        foreach (var task in reported)
        {
            if (HeldElsewhere(agent, task) is { } other)
            {
                _log.Warning("Agent {Agent} reports task {Task} of framework {Framework}, which runs on agent {Other}: ignored",
                    agent.Id.Value, task.TaskId.Value, task.FrameworkId.Value, other);
                continue;
            }
            reportedKeys.Add((task.FrameworkId.Value, task.TaskId.Value));
            task.AgentId = agent.Id;
            _tasks.Place(task);
            if (!_frameworks.ContainsKey(task.FrameworkId.Value)) continue;
            if (_tasks.Own(task)) Publish(() => OperatorEvents.TaskAdded(task));
        }

        var wasUnreachable = !agent.Reachable;
        agent.Reachable = true;
        agent.UnreachableTime = null;
        foreach (var (key, task) in _tasks.OnAgent(agent.Id.Value).ToArray())
        {
            // A staging task the agent does not report was sent on its previous stream, which is gone.
            if (reportedKeys.Contains(key)) continue;
            // A framework the master does not know has nobody to tell; its task no longer holds the agent.
            if (!_frameworks.TryGetValue(key.Framework, out var framework))
            {
                _tasks.LeaveAgent(agent.Id.Value, key.Framework, key.Task);
                continue;
            }
            var state = framework.IsPartitionAware ? TaskState.TaskGone : TaskState.TaskLost;
            UpdateTaskFromMaster(framework, task, state, TaskStatus.Types.Reason.Reconciliation, "Task is not on the agent that registered again");
        }
        if (wasUnreachable) _log.Info("Agent {Id} is reachable again", agent.Id.Value);
    }

    /// <summary>The agent where the framework's task holds resources, when that is not <paramref name="agent"/>.</summary>
    private string? HeldElsewhere(AgentState agent, V1.Task task) =>
        _tasks.Find(task.FrameworkId.Value, task.TaskId.Value) is { } known && known.AgentId.Value != agent.Id.Value
            && _tasks.OnAgent(known.AgentId.Value).ContainsKey((task.FrameworkId.Value, task.TaskId.Value))
            ? known.AgentId.Value : null;

    /// <summary>What a registering agent reports running is what holds its executors' resources.</summary>
    private void AdoptExecutors(AgentState agent, IEnumerable<ExecutorInfo> reported)
    {
        agent.Executors.Clear();
        foreach (var executor in reported.Where(e => e.FrameworkId is not null && _frameworks.ContainsKey(e.FrameworkId.Value)))
        {
            agent.Executors[(executor.FrameworkId.Value, executor.ExecutorId.Value)] = executor;
        }
    }

    private void SendToAgent(AgentState agent, AgentEvent e) => agent.Session.Tell(new AgentSession.Deliver(e), Self);
}
