using Mesos.Actors.Framework;
using Akka.Actor;
using Task = System.Threading.Tasks.Task;

namespace Mesos.Host.Tests.Framework;

/// <summary>A scheduler that tells a test probe every event it gets and makes the calls the test asks for.</summary>
internal sealed class RecordingScheduler : SchedulerActor
{
    /// <summary>Makes a call from inside the actor; the sender gets Status.Success or Status.Failure with the call's exception.</summary>
    public sealed record Invoke(Func<RecordingScheduler, Task> Call);

    private readonly IActorRef _events;

    public RecordingScheduler(SchedulerSettings settings, IActorRef events) : base(settings)
    {
        _events = events;
        // Akka pipes nothing for a plain Task that succeeds unless it is told what to send.
        Receive<Invoke>(m => m.Call(this).PipeTo(Sender, Self, () => new Status.Success(null)));
    }

    public Task CallReconcile(IEnumerable<Mesos.V1.TaskStatus>? tasks = null) => Reconcile(tasks);

    public Task CallRevive() => Revive();

    /// <summary>Declines offers for an hour and revives at once, as a framework does that gets work just after it declined.</summary>
    public Task CallDeclineForAnHourThenRevive(IEnumerable<Mesos.V1.OfferID> offers)
    {
        var declined = Decline(offers, new Mesos.V1.Filters { RefuseSeconds = 3600 });
        return Task.WhenAll(declined, Revive());
    }

    public Task CallSuppress() => Suppress();

    public Task CallTeardown() => Teardown();

    public Task CallSendMessage(string agentId, string executorId, byte[] data) =>
        SendMessage(new Mesos.V1.AgentID { Value = agentId }, new Mesos.V1.ExecutorID { Value = executorId }, data);

    protected override void OnSubscribed(SchedulerEvent.Subscribed subscribed) => _events.Tell(subscribed);

    protected override void OnResourceOffers(SchedulerEvent.ResourceOffers offers) => _events.Tell(offers);

    protected override void OnStatusUpdate(SchedulerEvent.StatusUpdate update) => _events.Tell(update);

    protected override void OnError(SchedulerEvent.Error error) => _events.Tell(error);

    protected override void OnDisconnected(SchedulerEvent.Disconnected disconnected) => _events.Tell(disconnected);
}
