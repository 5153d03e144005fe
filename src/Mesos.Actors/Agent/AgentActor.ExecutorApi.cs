using Mesos.Actors.Protocol;
using Akka.Actor;
using Mesos.Internal;
using Mesos.V1;
using Mesos.V1.Executor;
using Akka.Event;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Agent;

/// <summary>The executor API: what custom executors call, as the endpoint hands it over.</summary>
public sealed partial class AgentActor
{
    private void ReceiveExecutorCalls()
    {
        Receive<SubscribeExecutor>(subscribe => Sender.Tell(Subscribe(subscribe), Self));
        Receive<ExecutorCallReceived>(received => Sender.Tell(Handle(received.Call), Self));
        Receive<ExecutorStreamClosed>(closed => _runs.Running(closed.FrameworkId, closed.ExecutorId)?.Runner?.Tell(closed));
    }

    private object Subscribe(SubscribeExecutor request)
    {
        var (run, refusal) = Find(request.Call);
        if (run is null) return refusal!;
        run.Subscribed = true;
        var subscribe = request.Call.Subscribe;
        run.Runner!.Tell(new ExecutorSubscription(request.Events, CurrentInfo(), subscribe.UnacknowledgedTasks.Select(t => t.TaskId.Value).ToHashSet()));
        // As Mesos: the updates an executor resends on subscribing are taken like any other; duplicates are only acknowledged again.
        foreach (var update in subscribe.UnacknowledgedUpdates) Update(run, update.Status);
        return CallAccepted.Instance;
    }

    private object Handle(Call call)
    {
        // As Mesos: heartbeats may carry made-up ids, so they are taken before any lookup.
        if (call.Type == Call.Types.Type.Heartbeat) return CallAccepted.Instance;
        var (run, refusal) = Find(call);
        if (run is null) return refusal!;
        switch (call.Type)
        {
            case Call.Types.Type.Update:
                Update(run, call.Update.Status);
                return CallAccepted.Instance;
            case Call.Types.Type.Message:
                if (_session.AgentId is null)
                {
                    _log.Warning("Dropping a message from executor {Executor}: the agent is not subscribed to a master", run.ExecutorId.Value);
                    return CallAccepted.Instance;
                }
                _link.Post(new AgentCall
                {
                    Type = AgentCall.Types.Type.Message,
                    AgentId = _session.AgentId,
                    Message = new AgentCall.Types.Message { FrameworkId = run.FrameworkId, ExecutorId = run.ExecutorId, Data = call.Message.Data },
                }, _log);
                return CallAccepted.Instance;
            default:
                return new CallRefused(CallRefusal.Invalid, $"Unsupported executor call {call.Type}");
        }
    }

    /// <summary>The custom executor a call comes from, or why the call is refused, as Mesos words it.</summary>
    private (ExecutorRun? Run, CallRefused? Refusal) Find(Call call)
    {
        if (ExecutorCallValidator.Validate(call) is { } error) return (null, new CallRefused(CallRefusal.Invalid, "Failed to validate Executor::Call: " + error));
        if (_runs.Framework(call.FrameworkId) is null) return (null, new CallRefused(CallRefusal.Invalid, "Framework cannot be found"));
        if (_runs.Running(call.FrameworkId, call.ExecutorId) is not { Kind: ExecutorKind.Custom } run)
        {
            return (null, new CallRefused(CallRefusal.Invalid, "Executor cannot be found"));
        }
        if (call.Type != Call.Types.Type.Subscribe && !run.Subscribed) return (null, new CallRefused(CallRefusal.NotSubscribed, "Executor is not subscribed"));
        return (run, null);
    }

    /// <summary>
    /// An update from the executor keeps the executor's uuid, which its framework acknowledges; the executor
    /// hears ACKNOWLEDGED once the status update manager holds the update (checkpointed, for a checkpointing
    /// framework), as Mesos' agent does. One it took before, before a restart too, is only acknowledged again.
    /// </summary>
    private void Update(ExecutorRun run, TaskStatus update)
    {
        var status = update.Clone();
        status.ExecutorId = run.ExecutorId;
        if (_session.AgentId is not null) status.AgentId = _session.AgentId;
        if (!status.HasTimestamp) status.Timestamp = Context.System.Scheduler.Now.ToUnixTimeMilliseconds() / 1000.0;
        var task = run.Task(status.TaskId);
        if (task is null || (!task.Received(status.Uuid) && !task.Terminal))
        {
            _runs.Update(run.FrameworkId, status);
            _updates.Tell(new ForwardStatusUpdate(run.FrameworkId, status, UpdatesCheckpoint(run.FrameworkId, status.TaskId)) { AcknowledgeTo = run.Runner });
        }
        else if (run.Runner is { } runner)
        {
            _updates.Tell(new AcknowledgeExecutorUpdate(runner, status.TaskId, status.Uuid));
        }
    }
}
