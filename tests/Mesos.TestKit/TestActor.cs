using System.Collections.Concurrent;
using Akka.Actor;

namespace Mesos.TestKit;

/// <summary>A message a probe received, with its sender.</summary>
public sealed record ReceivedMessage(object Message, IActorRef Sender);

/// <summary>The actor behind a probe: queues everything it gets for the test to inspect.</summary>
internal sealed class TestActor(BlockingCollection<ReceivedMessage> queue) : ActorBase
{
    protected override bool Receive(object message)
    {
        switch (message)
        {
            case WatchRequest watch:
                Context.Watch(watch.Target);
                break;
            case UnwatchRequest unwatch:
                Context.Unwatch(unwatch.Target);
                break;
            default:
                queue.Add(new ReceivedMessage(message, Sender));
                break;
        }
        return true;
    }

    internal sealed record WatchRequest(IActorRef Target);

    internal sealed record UnwatchRequest(IActorRef Target);
}
