using System.CommandLine;

namespace Mesos.Host.Cli;

/// <summary>The root of the `mesos` command line.</summary>
internal static class MesosCommand
{
    public static RootCommand Create() =>
        new("A cluster manager in the shape of Apache Mesos: masters, agents, frameworks and tasks as actors.")
        {
            MasterCommand.Create(),
            AgentCommand.Create(),
            LocalCommand.Create(),
            ExecuteCommand.Create(),
            ChronosCommand.Create(),
            MarathonCommand.Create(),
        };
}
