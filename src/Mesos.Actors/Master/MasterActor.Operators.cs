using Mesos.Actors.Master.Operator;
using Akka.Event;
using OperatorEvent = Mesos.V1.Master.Event;

namespace Mesos.Actors.Master;

public sealed partial class MasterActor
{
    private readonly OperatorSubscribers _operators;

    // A master that stops (CoordinatedShutdown) ends its operators' streams, as its sessions end theirs.
    protected override void PostStop() => _operators.RemoveAll();

    private sealed record OperatorHeartbeatTick(string StreamId);

    private void ReceiveOperatorSubscriptions()
    {
        Receive<SubscribeOperator>(OnSubscribeOperator);
        Receive<OperatorStreamClosed>(closed =>
        {
            _operators.Remove(closed.StreamId);
            Forget(closed.StreamId);
        });
        Receive<OperatorHeartbeatTick>(tick =>
        {
            if (!_operators.Send(tick.StreamId, OperatorEvents.Heartbeat())) Forget(tick.StreamId);
        });
    }

    private void OnSubscribeOperator(SubscribeOperator request)
    {
        var id = NewStreamId();
        foreach (var evicted in _operators.Add(id, request.Events))
        {
            _log.Info("Closing operator event stream {Id}: more than {Max} are open", evicted, _settings.MaxOperatorEventStreamSubscribers);
            Forget(evicted);
        }
        _log.Info("Operator event stream {Id} subscribed", id);
        // Added before SUBSCRIBED is written, so that a stream too small even for that is closed like any full one.
        // As Mesos' master, the first heartbeat follows SUBSCRIBED at once.
        if (_operators.Send(id, OperatorEvents.Subscribed(Snapshot())) && _operators.Send(id, OperatorEvents.Heartbeat()))
        {
            Timers.StartPeriodicTimer(HeartbeatKey(id), new OperatorHeartbeatTick(id), OperatorEvents.HeartbeatInterval);
        }
        Sender.Tell(new OperatorSubscribed(id), Self);
    }

    /// <summary>Sends an event to every operator stream; the event is built only when someone listens.</summary>
    private void Publish(Func<OperatorEvent> build)
    {
        if (_operators.Count == 0) return;
        foreach (var dropped in _operators.Publish(build()))
        {
            _log.Warning("Closing operator event stream {Id}: its reader fell behind", dropped);
            Forget(dropped);
        }
    }

    /// <summary>Sends events to every operator stream; they are built only when someone listens.</summary>
    private void Publish(IEnumerable<OperatorEvent> events)
    {
        if (_operators.Count == 0) return;
        foreach (var e in events) Publish(() => e);
    }

    private void Forget(string streamId) => Timers.Cancel(HeartbeatKey(streamId));

    private static (string, string) HeartbeatKey(string streamId) => ("operator-heartbeat", streamId);
}
