using Mesos.Actors.Containerizer;
using Akka.Actor;

namespace Mesos.Actors.Agent;

// What an actor that runs a container (a task's or an executor's) hears about it, as messages to itself.

internal sealed record ContainerLaunched(IContainer Container);

/// <summary>To the agent: a container of the executor run <paramref name="RunContainerId"/> runs, and can be asked for its usage.</summary>
/// <param name="Checkpointed">
/// The container was found again after a restart as the very process its checkpoint names: the agent need not write
/// that checkpoint again (two synced writes per container, which with many of them delay the restarted agent).
/// </param>
internal sealed record ContainerStarted(string RunContainerId, IContainer Container, bool Checkpointed)
{
    /// <summary>Of a container launched, or taken back after a restart from <paramref name="recovery"/>.</summary>
    public static ContainerStarted Of(string runContainerId, IContainer container, ContainerRecovery? recovery) =>
        new(runContainerId, container, recovery is { Process.Pid: > 0 } && recovery.Process.Pid == container.Pid);
}

internal sealed record ContainerLaunchFailed(Exception Cause);

/// <summary>The container ended: how, or why that cannot be told.</summary>
internal sealed record ContainerExited(ContainerTermination? Termination, Exception? Cause);

internal static class ContainerMessages
{
    /// <summary>Makes the sandbox (following no link below the work directory) and launches the container in it; <paramref name="self"/> hears <see cref="ContainerLaunched"/> or <see cref="ContainerLaunchFailed"/>.</summary>
    public static void LaunchFor(this IContainerizer containerizer, ContainerLaunch spec, IActorRef self)
    {
        try
        {
            SandboxDirectory.Open(spec.WorkDirectory, spec.SandboxDirectory, create: true).Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            self.Tell(new ContainerLaunchFailed(new IOException($"Failed to create the sandbox {spec.SandboxDirectory}: {e.Message}", e)));
            return;
        }
        containerizer.LaunchAsync(spec).PipeTo(self,
            success: container => new ContainerLaunched(container),
            failure: e => new ContainerLaunchFailed(e));
    }

    /// <summary>Finds a container of an earlier run of the agent again; <paramref name="self"/> hears <see cref="ContainerLaunched"/> or <see cref="ContainerLaunchFailed"/>.</summary>
    public static void RecoverFor(this IContainerizer containerizer, ContainerRecovery recovery, IActorRef self) =>
        containerizer.RecoverAsync(recovery).PipeTo(self,
            success: container => new ContainerLaunched(container),
            failure: e => new ContainerLaunchFailed(e));

    /// <summary><paramref name="self"/> hears <see cref="ContainerExited"/> when the container ends.</summary>
    public static void WatchFor(this IContainer container, IActorRef self) =>
        container.Exited.PipeTo(self, success: t => new ContainerExited(t, null), failure: e => new ContainerExited(null, e));
}
