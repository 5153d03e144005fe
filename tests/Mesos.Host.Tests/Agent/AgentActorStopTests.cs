using System.Collections;
using System.CommandLine;
using Akka.Actor;
using Mesos.Actors.Agent;
using Mesos.Host.Agent;
using Mesos.Host.Cli.Flags;

namespace Mesos.Host.Tests.Agent;

/// <summary>An agent process whose agent actor stops (here killed; at start, a failing PreStart) ends, rather than running on with nothing that answers.</summary>
public sealed class AgentActorStopTests : IDisposable
{
    private readonly string _workDir = Directory.CreateTempSubdirectory("mesos-agent-stop-").FullName;

    public void Dispose() => Directory.Delete(_workDir, recursive: true);

    [Fact]
    public async Task An_agent_whose_actor_stops_ends_with_status_1()
    {
        var flags = new FlagSet(MesosFlags.Agent);
        var command = new RootCommand();
        flags.AddTo(command);
        var config = flags.Resolve(command.Parse(["--master=127.0.0.1:1", "--ip=127.0.0.1", $"--port={RunningMesos.FreePort()}", $"--work_dir={_workDir}"]), new Hashtable());
        await using var agent = await AgentProcess.Start(config, AgentSettings.FromConfig(config), flags.Describe(config), CancellationToken.None);

        agent.Actor.Tell(Kill.Instance);

        await agent.WaitForShutdown(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        agent.ExitCode.Should().Be(1);
    }

    [Fact]
    public async Task An_agent_stopped_by_SIGTERM_still_ends_with_status_0()
    {
        await using var agent = RunningMesos.Start("agent", "--master=127.0.0.1:1", "--ip=127.0.0.1", $"--port={RunningMesos.FreePort()}", $"--work_dir={_workDir}");
        await agent.WaitForOutput("Agent listening on");

        (await agent.Terminate(TimeSpan.FromSeconds(30))).Should().Be(0);
    }
}
