using System.Collections.Concurrent;
using Akka.Actor;

namespace Mesos.Actors.Tests.TestKit;

/// <summary>
/// Waits until an actor on the calling-thread dispatcher is idle on the test's thread. Such an actor runs on whichever
/// thread tells it while its mailbox is idle, and that thread then takes every message told to it meanwhile. Once a
/// message reaches it from another thread (work that Akka completes on the thread pool), the actor runs there, and
/// the test can go on (read an answer, advance virtual time) before that turn is done. An Identify the actor answers
/// on the test's own thread found its mailbox idle: every turn before it is done.
/// </summary>
internal static class CallingThreadIdle
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static void Settle(ActorSystem system, IActorRef actor)
    {
        var threads = new BlockingCollection<int>();
        var recorder = system.ActorOf(Props.Create(() => new ThreadRecorder(threads)));
        try
        {
            var deadline = DateTime.UtcNow + Timeout;
            while (true)
            {
                actor.Tell(new Identify(null), recorder);
                if (!threads.TryTake(out var thread, Timeout)) throw new TimeoutException($"{actor.Path} did not answer an Identify within {Timeout}");
                if (thread == Environment.CurrentManagedThreadId) return;
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"{actor.Path} still ran on another thread after {Timeout}");
            }
        }
        finally
        {
            system.Stop(recorder);
        }
    }

    /// <summary>Notes the thread each message reaches it on: the thread of the actor that told it.</summary>
    private sealed class ThreadRecorder : ReceiveActor
    {
        public ThreadRecorder(BlockingCollection<int> threads) => ReceiveAny(_ => threads.Add(Environment.CurrentManagedThreadId));
    }
}
