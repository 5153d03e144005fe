namespace Mesos.Actors.Agent;

/// <summary>The agent's libprocess pid, by which Mesos' own libraries and tools address it.</summary>
internal static class AgentPid
{
    /// <summary>The libprocess name of Mesos' agent process: its endpoints answer under <c>/slave(1)/</c>.</summary>
    public const string ProcessName = "slave(1)";

    /// <summary><c>slave(1)@ip:port</c> for the agent at <paramref name="endpoint"/> (<c>ip:port</c>).</summary>
    public static string Of(string endpoint) => ProcessName + "@" + endpoint;
}
