using Akka.Actor;
using Akka.Configuration;

namespace Mesos.Actors.Framework;

/// <summary>The main of an executor program: runs the executor actor in an actor system of its own until the actor stops.</summary>
public static class ExecutorHost
{
    /// <summary>
    /// Reads <see cref="ExecutorSettings"/> from the environment the agent set, starts the actor
    /// <paramref name="props"/> makes, and completes with the process's exit code once it has stopped.
    /// </summary>
    /// <exception cref="InvalidOperationException">The program was not started by an agent.</exception>
    public static async Task<int> RunAsync(Func<ExecutorSettings, Props> props, Config? config = null)
    {
        var settings = ExecutorSettings.FromEnvironment();
        var system = ActorSystem.Create("executor", config ?? Config.Empty);
        try
        {
            var executor = system.ActorOf(props(settings), "executor");
            await executor.WatchAsync().ConfigureAwait(false);
        }
        finally
        {
            await system.Terminate().ConfigureAwait(false);
        }
        return 0;
    }
}
