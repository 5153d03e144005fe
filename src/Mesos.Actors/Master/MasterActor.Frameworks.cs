using Mesos.Actors.Protocol;
using Mesos.Actors.Master.Allocation;
using Mesos.Actors.Master.Frameworks;
using Mesos.Actors.Master.Operator;
using Mesos.Actors.Master.Registrar;
using Mesos.Actors.Master.State;
using Mesos.Actors.Master.Validation;
using Akka.Actor;
using Mesos.V1;
using Mesos.V1.Scheduler;
using Akka.Event;

namespace Mesos.Actors.Master;

public sealed partial class MasterActor
{
    private void OnSubscribeFramework(SubscribeFramework request)
    {
        var info = request.Subscribe.FrameworkInfo;
        if (info is null || string.IsNullOrEmpty(info.Name))
        {
            Sender.Tell(Invalid("Expecting 'framework_info.name' to be present"), Self);
            return;
        }
        if (SubscriptionValidator.ValidateFramework(info) is { } invalid)
        {
            Sender.Tell(Invalid(invalid), Self);
            return;
        }

        var framework = info.Id is { } id && _frameworks.TryGetValue(id.Value, out var known) ? known : null;
        var assigned = info.Clone();
        assigned.Id = framework?.Id ?? info.Id ?? _ids.NextFrameworkId();
        var replyTo = Sender;
        Write([new RecordFramework(assigned), new MarkFrameworkConnection(assigned.Id, Connected: true)],
            refusals =>
            {
                if (refusals[0] is { } refusal) replyTo.Tell(Invalid(refusal), Self);
                else Subscribe(request, assigned, framework, replyTo);
            },
            reason => replyTo.Tell(Unavailable(reason), Self));
    }

    /// <summary>The registry holds the framework: it is added, or takes over its previous subscription.</summary>
    private void Subscribe(SubscribeFramework request, FrameworkInfo info, FrameworkState? framework, IActorRef replyTo)
    {
        var added = framework is null;
        if (framework is null)
        {
            var failover = TimeSpan.FromSeconds(info.FailoverTimeout);
            var session = Context.ActorOf(FrameworkSession.Props(info.Id, failover), SessionName("framework"));
            framework = new FrameworkState(info, session) { RegisteredTime = Now };
            _frameworks[info.Id.Value] = framework;
            _log.Info("Framework {Id} ({Name}) subscribed", info.Id.Value, info.Name);
        }
        else
        {
            // The connection it replaces ends with an ERROR event (see FrameworkSession).
            if (framework.Connected) framework.Metrics.Sent(Event.Types.Type.Error);
            framework.Info = info;
            framework.ReregisteredTime = Now;
            _log.Info("Framework {Id} ({Name}) subscribed again", framework.Id.Value, info.Name);
        }

        framework.SuppressedRoles.Clear();
        framework.SuppressedRoles.UnionWith(request.Subscribe.SuppressedRoles);
        framework.StreamId = NewStreamId();
        var subscribed = new Event
        {
            Type = Event.Types.Type.Subscribed,
            Subscribed = new Event.Types.Subscribed
            {
                FrameworkId = framework.Id,
                HeartbeatIntervalSeconds = FrameworkSession.HeartbeatInterval.TotalSeconds,
                MasterInfo = _info,
            },
        };
        framework.Metrics.Called(Call.Types.Type.Subscribe);
        framework.Metrics.Sent(subscribed.Type);
        framework.Session.Tell(new FrameworkSession.Attach(framework.StreamId, request.Events, subscribed), Self);
        replyTo.Tell(new FrameworkSubscribed(framework.Id, framework.StreamId, _registry.Epoch), Self);
        var view = View(framework, null);
        Publish(() => added ? OperatorEvents.FrameworkAdded(view) : OperatorEvents.FrameworkUpdated(view));
        TellAllocator(added ? new FrameworkAdded(framework.Id.Value, SpecOf(framework), Active: true) : new FrameworkUpdated(framework.Id.Value, SpecOf(framework), Active: true));
    }

    private void OnSchedulerCall(SchedulerCall request)
    {
        var call = request.Call;
        if (call.Type == Call.Types.Type.Subscribe)
        {
            Sender.Tell(Invalid("SUBSCRIBE opens a stream of its own"), Self);
            return;
        }
        if (call.FrameworkId is null)
        {
            Sender.Tell(Invalid("Expecting 'framework_id' to be present"), Self);
            return;
        }
        if (!_frameworks.TryGetValue(call.FrameworkId.Value, out var framework))
        {
            Sender.Tell(Invalid("Framework cannot be found"), Self);
            return;
        }
        if (request.StreamId is null || request.StreamId != framework.StreamId)
        {
            Sender.Tell(new CallRefused(CallRefusal.NotSubscribed,
                $"The stream ID '{request.StreamId}' included in this request didn't match the stream ID currently associated with framework ID {framework.Id.Value}"), Self);
            return;
        }

        if (call.Type != Call.Types.Type.Unknown) framework.Metrics.Called(call.Type);
        switch (call.Type)
        {
            // Both change the registry: they are answered once it holds the change.
            case Call.Types.Type.Teardown:
                Remove(framework, "Framework torn down", Sender);
                return;
            case Call.Types.Type.UpdateFramework:
                UpdateFramework(framework, call.UpdateFramework?.FrameworkInfo, Sender);
                return;
        }
        var refusal = Handle(framework, call);
        Sender.Tell(refusal is null ? CallAccepted.Instance : Invalid(refusal), Self);
    }

    /// <summary>Carries out one call; returns why it is invalid, or null.</summary>
    private string? Handle(FrameworkState framework, Call call)
    {
        switch (call.Type)
        {
            case Call.Types.Type.Accept:
                return call.Accept is null ? "Expecting 'accept' to be present" : Accept(framework, call.Accept);
            case Call.Types.Type.Decline:
                return call.Decline is null ? "Expecting 'decline' to be present" : Decline(framework, call.Decline);
            case Call.Types.Type.Revive:
                var revived = call.Revive?.Roles.ToArray() ?? [];
                if (revived.Length == 0) framework.SuppressedRoles.Clear();
                else framework.SuppressedRoles.ExceptWith(revived);
                TellAllocator(new OffersToggled(framework.Id.Value, revived, Suppress: false));
                return null;
            case Call.Types.Type.Suppress:
                var suppressed = call.Suppress?.Roles.ToArray() ?? [];
                framework.SuppressedRoles.UnionWith(suppressed.Length == 0 ? framework.Roles : suppressed);
                TellAllocator(new OffersToggled(framework.Id.Value, suppressed, Suppress: true));
                RescindOffers(framework);
                return null;
            case Call.Types.Type.Kill:
                return call.Kill is null ? "Expecting 'kill' to be present" : Kill(framework, call.Kill);
            case Call.Types.Type.Shutdown:
                return call.Shutdown is null ? "Expecting 'shutdown' to be present" : ShutdownExecutor(framework, call.Shutdown);
            case Call.Types.Type.Acknowledge:
                return call.Acknowledge is null ? "Expecting 'acknowledge' to be present" : Acknowledge(framework, call.Acknowledge);
            case Call.Types.Type.Reconcile:
                Reconcile(framework, call.Reconcile ?? new Call.Types.Reconcile());
                return null;
            case Call.Types.Type.Message:
                return call.Message is null ? "Expecting 'message' to be present" : SendToExecutor(framework, call.Message);
            case Call.Types.Type.Request:
            case Call.Types.Type.AcceptInverseOffers:
            case Call.Types.Type.DeclineInverseOffers:
                // No maintenance schedules and no request-driven allocation: there is nothing to do.
                return null;
            default:
                return $"Unsupported call type {call.Type}";
        }
    }

    private void UpdateFramework(FrameworkState framework, FrameworkInfo? updated, IActorRef replyTo)
    {
        var invalid = updated is null ? "Expecting 'update_framework' to be present"
            : updated.Id is not null && updated.Id.Value != framework.Id.Value ? "'framework_info.id' does not match the framework"
            : SubscriptionValidator.ValidateFramework(updated);
        if (invalid is not null)
        {
            replyTo.Tell(Invalid(invalid), Self);
            return;
        }
        var info = updated!.Clone();
        info.Id = framework.Id;
        Write(new RecordFramework(info), replyTo, () =>
        {
            framework.Info = info;
            Publish(() => OperatorEvents.FrameworkUpdated(View(framework, null)));
            TellAllocator(new FrameworkUpdated(framework.Id.Value, SpecOf(framework), framework.Connected));
            replyTo.Tell(CallAccepted.Instance, Self);
        });
    }

    private void OnFrameworkStreamClosed(FrameworkStreamClosed closed)
    {
        if (!_frameworks.TryGetValue(closed.FrameworkId.Value, out var framework) || framework.StreamId != closed.StreamId) return;
        _log.Info("Framework {Id} disconnected; failover timeout {Timeout}s", framework.Id.Value, framework.Info.FailoverTimeout);
        framework.StreamId = null;
        framework.Session.Tell(new FrameworkSession.StreamClosed(closed.StreamId), Self);
        TellAllocator(new FrameworkActivation(framework.Id.Value, Active: false));
        RescindOffers(framework);
        // The countdown's start is written, so that a master that takes over goes on with it.
        if (framework.Info.FailoverTimeout > 0)
        {
            Write([new MarkFrameworkConnection(framework.Id, Connected: false)], _ => { },
                reason => _log.Warning("Recording that framework {Id} disconnected failed ({Reason}): a new leader would start its failover timeout afresh", framework.Id.Value, reason));
        }
    }

    private void OnTeardownFramework(TeardownFramework teardown)
    {
        if (!_frameworks.TryGetValue(teardown.FrameworkId.Value, out var framework))
        {
            Sender.Tell(Invalid($"No framework found with ID '{teardown.FrameworkId.Value}'"));
            return;
        }
        Remove(framework, "Framework torn down by the operator", Sender);
    }

    private void OnFailoverTimedOut(FailoverTimedOut timedOut)
    {
        if (!_frameworks.TryGetValue(timedOut.FrameworkId.Value, out var framework) || framework.Connected) return;
        Write([new ForgetFramework(framework.Id)], _ => RemoveFramework(framework, null), reason =>
        {
            _log.Warning("Removing framework {Id} after its failover timeout failed ({Reason}); trying again", framework.Id.Value, reason);
            Timers.StartSingleTimer(timedOut, timedOut, RegistryRetryMax);
        });
    }

    /// <summary>Teardown: the registry forgets the framework, then it is removed and the call answered.</summary>
    private void Remove(FrameworkState framework, string error, IActorRef replyTo) =>
        Write(new ForgetFramework(framework.Id), replyTo, () =>
        {
            RemoveFramework(framework, error);
            replyTo.Tell(CallAccepted.Instance, Self);
        });

    /// <summary>Teardown, or failover timeout: every task of the framework is killed and it is forgotten.</summary>
    private void RemoveFramework(FrameworkState framework, string? error)
    {
        _log.Info("Removing framework {Id}", framework.Id.Value);
        RescindOffers(framework);
        foreach (var task in _tasks.ActiveOf(framework.Id.Value).Where(t => !TaskStates.IsTerminal(t.State)))
        {
            Record(task, NewStatus(task.TaskId, TaskState.TaskKilled, V1.TaskStatus.Types.Reason.FrameworkRemoved, "Framework removed", task.AgentId));
        }
        _tasks.CompleteAll(framework.Id.Value);
        framework.StreamId = null;
        RememberCompleted(framework);
        _tasks.Forget(framework.Id.Value);
        foreach (var agent in _agents.Values)
        {
            var hadTasks = _tasks.LeaveAgent(agent.Id.Value, framework.Id.Value);
            var executors = agent.Executors.Keys.Where(k => k.Framework == framework.Id.Value).ToArray();
            if (!hadTasks && executors.Length == 0) continue;
            foreach (var key in executors) agent.Executors.Remove(key);
            SendToAgent(agent, new Internal.AgentEvent
            {
                Type = Internal.AgentEvent.Types.Type.ShutdownFramework,
                ShutdownFramework = new Internal.AgentEvent.Types.ShutdownFramework { FrameworkId = framework.Id },
            });
        }
        if (error is not null) framework.Metrics.Sent(Event.Types.Type.Error);
        framework.Session.Tell(new FrameworkSession.Close(error), Self);
        _frameworks.Remove(framework.Id.Value);
        _declines.Forget(framework.Id.Value);
        Publish(() => OperatorEvents.FrameworkRemoved(framework.Info));
        TellAllocator(new FrameworkRemoved(framework.Id.Value));
    }

    private void SendToFramework(FrameworkState framework, Event e)
    {
        framework.Metrics.Sent(e.Type);
        framework.Session.Tell(new FrameworkSession.Deliver(e), Self);
    }
}
