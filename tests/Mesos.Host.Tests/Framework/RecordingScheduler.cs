using System.Threading.Channels;
using Mesos.Actors.Framework;
using Akka.Actor;
using Task = System.Threading.Tasks.Task;

namespace Mesos.Host.Tests.Framework;

/// <summary>A scheduler that hands every event to the test and makes the calls the test asks for.</summary>
internal sealed class RecordingScheduler : SchedulerActor
{
    /// <summary>Makes a call from inside the actor; the reply is Status.Success or Status.Failure.</summary>
    public sealed record Invoke(Func<RecordingScheduler, Task> Call);

    private readonly ChannelWriter<SchedulerEvent> _events;

    public RecordingScheduler(SchedulerSettings settings, ChannelWriter<SchedulerEvent> events) : base(settings)
    {
        _events = events;
        Receive<Invoke>(m => m.Call(this).PipeTo(Sender, Self));
    }

    public Task CallReconcile(IEnumerable<Mesos.V1.TaskStatus>? tasks = null) => Reconcile(tasks);

    public Task CallRevive() => Revive();

    public Task CallSuppress() => Suppress();

    public Task CallTeardown() => Teardown();

    public Task CallSendMessage(string agentId, string executorId, byte[] data) =>
        SendMessage(new Mesos.V1.AgentID { Value = agentId }, new Mesos.V1.ExecutorID { Value = executorId }, data);

    protected override void OnSubscribed(Subscribed subscribed) => _events.TryWrite(subscribed);

    protected override void OnResourceOffers(ResourceOffers offers) => _events.TryWrite(offers);

    protected override void OnStatusUpdate(StatusUpdate update) => _events.TryWrite(update);

    protected override void OnError(Error error) => _events.TryWrite(error);

    protected override void OnDisconnected(Disconnected disconnected) => _events.TryWrite(disconnected);
}
