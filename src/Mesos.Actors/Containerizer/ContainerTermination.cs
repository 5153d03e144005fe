using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Containerizer;

/// <summary>How a container's first process ended: an exit status or the signal that terminated it.</summary>
public sealed record ContainerTermination(int? ExitStatus, int? Signal)
{
    public static ContainerTermination Exit(int status) => new(status, null);

    public static ContainerTermination KilledBy(int signal) => new(null, signal);

    /// <summary>The process ended while no agent was there to reap it, and left no record of how.</summary>
    public static readonly ContainerTermination Unknown = new(null, null);

    /// <summary>Set when the container was ended for going over a limit (its memory), which its task fails for.</summary>
    public ContainerLimitation? Limitation { get; init; }

    public bool Succeeded => ExitStatus == 0 && Limitation is null;

    /// <summary>The raw status waitpid reported, which Mesos hands frameworks when an executor exits; -1 when unknown.</summary>
    public int WaitStatus => ExitStatus is { } status ? (status & 0xff) << 8 : Signal is { } signal ? signal & 0x7f : -1;

    /// <summary>Worded as Mesos words a wait status, to follow "Command".</summary>
    public string Describe() => (ExitStatus, Signal) switch
    {
        ({ } status, _) => $"exited with status {status}",
        (_, { } signal) => $"terminated with signal {SignalName(signal)}",
        _ => "ended while the agent was down, with an exit status nobody recorded",
    };

    private static string SignalName(int signal) => signal switch
    {
        1 => "SIGHUP",
        2 => "SIGINT",
        3 => "SIGQUIT",
        6 => "SIGABRT",
        9 => "SIGKILL",
        11 => "SIGSEGV",
        13 => "SIGPIPE",
        15 => "SIGTERM",
        _ => signal.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>A limit the container went over, as its task's status reports it (SOURCE_AGENT, TASK_FAILED).</summary>
public sealed record ContainerLimitation(TaskStatus.Types.Reason Reason, string Message)
{
    public static ContainerLimitation Memory(string message) => new(TaskStatus.Types.Reason.ContainerLimitationMemory, message);
}
