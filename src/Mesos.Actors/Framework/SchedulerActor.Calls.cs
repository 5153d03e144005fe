using Mesos.V1;
using Task = System.Threading.Tasks.Task;
using Mesos.V1.Scheduler;
using Akka.Event;
using TaskStatus = Mesos.V1.TaskStatus;

using static Mesos.Actors.Framework.SchedulerEvent;

namespace Mesos.Actors.Framework;

/// <remarks>
/// Every call returns a task that completes when the master accepted it (202), and fails with a
/// <see cref="SchedulerCallException"/> when the master refused it, or with
/// <see cref="InvalidOperationException"/> when the actor is not subscribed. A failure is also logged,
/// so callers that do not await the task still leave a trace.
/// </remarks>
public abstract partial class SchedulerActor
{
    /// <summary>Accepts offers (all from one agent) with operations: LAUNCH, LAUNCH_GROUP, RESERVE, ...</summary>
    protected Task Accept(IEnumerable<OfferID> offerIds, IEnumerable<Offer.Types.Operation> operations, Filters? filters = null) =>
        Send(SchedulerCalls.Accept(offerIds, operations, filters));

    /// <summary>Launches tasks on one offer; tasks without an agent id get the offer's.</summary>
    protected Task Launch(Offer offer, IEnumerable<TaskInfo> tasks, Filters? filters = null) =>
        Send(SchedulerCalls.Launch(offer, tasks, filters));

    /// <summary>Declines offers; <paramref name="filters"/> says how long not to offer those resources again (Mesos: 5 s).</summary>
    protected Task Decline(IEnumerable<OfferID> offerIds, Filters? filters = null) =>
        Send(SchedulerCalls.Decline(offerIds, filters));

    protected Task Kill(TaskID taskId, AgentID? agentId = null) => Send(SchedulerCalls.Kill(taskId, agentId));

    /// <summary>Acknowledges an update; needed only with auto-acknowledgement off. Updates without a uuid need none.</summary>
    protected Task Acknowledge(TaskStatus status) =>
        SchedulerCalls.Acknowledge(status) is { } call ? Send(call) : Task.CompletedTask;

    /// <summary>
    /// Asks for the latest state of the given tasks (task id and, when known, agent id are used); with
    /// none, for every task the master knows of the framework. Answers arrive as status updates.
    /// </summary>
    protected Task Reconcile(IEnumerable<TaskStatus>? tasks = null) => Send(SchedulerCalls.Reconcile(tasks ?? []));

    /// <summary>Removes the offer filters and resumes offers after <see cref="Suppress"/>.</summary>
    protected Task Revive() => Send(SchedulerCalls.Revive());

    /// <summary>Stops offers until <see cref="Revive"/>.</summary>
    protected Task Suppress() => Send(SchedulerCalls.Suppress());

    /// <summary>Sends bytes to an executor.</summary>
    protected Task SendMessage(AgentID agentId, ExecutorID executorId, byte[] data) =>
        Send(SchedulerCalls.Message(agentId, executorId, data));

    /// <summary>
    /// Ends the framework: the master kills its tasks and forgets it. The actor makes no other call and
    /// does not subscribe again.
    /// </summary>
    protected Task Teardown()
    {
        var sent = Send(SchedulerCalls.Teardown());
        _finished = true;
        // The master closes the stream once it has removed the framework; closing it first would race the call.
        IsSubscribed = false;
        return sent;
    }

    private Task Send(Call call)
    {
        var name = SchedulerCalls.NameOf(call.Type);
        if (!IsSubscribed || _stream is null || _connection is null || FrameworkId is null)
        {
            return Task.FromException(new InvalidOperationException($"Cannot send {name}: the framework is not subscribed"));
        }
        call.FrameworkId = FrameworkId;
        var (connection, stream) = (_connection, _stream);
        var sent = _offerCallOrder.Send(call.Type, () => connection.Send(stream, call, CancellationToken.None));
        var log = _log;
        sent.ContinueWith(t => log.Warning("{Call} failed: {Reason}", name, t.Exception!.GetBaseException().Message),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return sent;
    }
}
