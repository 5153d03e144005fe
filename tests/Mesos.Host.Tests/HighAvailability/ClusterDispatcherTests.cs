using Akka.Actor;
using Akka.Configuration;
using Mesos.Actors.Settings;

namespace Mesos.Host.Tests.HighAvailability;

/// <summary>It starves the process's thread pool for a moment: it runs alone, after the tests that run in parallel.</summary>
[CollectionDefinition(nameof(ThreadPoolStarvation), DisableParallelization = true)]
public sealed class ThreadPoolStarvation;

/// <summary>
/// The masters' cluster heartbeats and remoting run on threads of their own: a master whose thread pool is
/// held by its work (a new leader re-admitting thousands of agents) still answers its peers' heartbeats in time.
/// </summary>
[Collection(nameof(ThreadPoolStarvation))]
public sealed class ClusterDispatcherTests
{
    private static readonly TimeSpan Answer = TimeSpan.FromSeconds(1);

    [Fact]
    public void Actors_of_the_cluster_and_of_remoting_answer_while_every_thread_of_the_pool_is_busy()
    {
        var config = ReferenceConfig.WithDefaults(ConfigurationFactory.Empty);
        var dispatcher = config.GetString("akka.cluster.use-dispatcher");
        config.GetString("akka.remote.use-dispatcher").Should().Be(dispatcher);
        using var system = ActorSystem.Create("cluster-dispatcher", config);
        var cluster = system.ActorOf(Props.Create(() => new Echo()).WithDispatcher(dispatcher), "cluster");
        var pooled = system.ActorOf(Props.Create(() => new Echo()), "pooled");
        using (var warm = Answers(cluster)) warm.Wait(Answer).Should().BeTrue();
        using (var warm = Answers(pooled)) warm.Wait(Answer).Should().BeTrue();

        // Neither is disposed: a blocked work item the pool has not started yet by the end of the test still
        // waits on one and signals the other, and a disposed one would crash the whole test process.
        var release = new ManualResetEventSlim();
        var blocked = ThreadPool.ThreadCount + 64;
        var ended = new CountdownEvent(blocked);
        // More blocked work items than the pool has threads, queued before the actors' messages: the pool adds a
        // thread every half second or so, and each new one takes another blocked item.
        for (var i = 0; i < blocked; i++)
            ThreadPool.UnsafeQueueUserWorkItem(_ =>
            {
                release.Wait();
                ended.Signal();
            }, null);
        using var starved = Answers(pooled);
        try
        {
            using var heartbeat = Answers(cluster);
            heartbeat.Wait(Answer).Should().BeTrue("the cluster's actors do not wait for the thread pool");
            starved.IsSet.Should().BeFalse("an actor on the thread pool waits while every one of its threads is busy");
        }
        finally
        {
            release.Set();
            starved.Wait(TimeSpan.FromSeconds(30));
        }
        ended.Wait(TimeSpan.FromSeconds(60)).Should().BeTrue("every blocked work item runs to its end once released");
    }

    /// <summary>Set when <paramref name="echo"/> has handled a message sent now (no task: their continuations need the pool).</summary>
    private static ManualResetEventSlim Answers(IActorRef echo)
    {
        var answered = new ManualResetEventSlim();
        echo.Tell(answered);
        return answered;
    }

    private sealed class Echo : ReceiveActor
    {
        public Echo() => Receive<ManualResetEventSlim>(answered => answered.Set());
    }
}
