using System.CommandLine;
using Mesos.Actors.Agent;
using Akka.Configuration;
using Mesos.Actors.Settings;
using Mesos.Actors.Master;
using Mesos.Host.Agent;
using Mesos.Host.Cli.Flags;
using Mesos.Host.Master;

namespace Mesos.Host.Cli;

/// <summary>`mesos local`: a master and --num_agents agents in one process, on loopback, until Ctrl-C.</summary>
internal static class LocalCommand
{
    public static Command Create()
    {
        var flags = new FlagSet(MesosFlags.Local);
        var command = new Command("local", "Run a master and agents in one process: a cluster to try things on.");
        flags.AddTo(command);
        command.SetAction((parsed, cancel) => Run(flags, parsed, cancel));
        return command;
    }

    private static async Task<int> Run(FlagSet flags, ParseResult parsed, CancellationToken cancel)
    {
        if (!CommandSettings.TryLoad(flags, parsed, c => c, out var config, out _)) return 1;
        var agents = config.GetInt("mesos.local.num-agents");
        if (agents is < 0 or > 100)
        {
            Console.Error.WriteLine($"--num_agents must be between 0 and 100, not {agents}");
            return 1;
        }
        var workDir = config.GetString("mesos.local.work-dir");
        if (string.IsNullOrEmpty(workDir)) workDir = Directory.CreateTempSubdirectory("mesos-local-").FullName;
        var ip = config.GetString("mesos.master.ip") is { Length: > 0 } given ? given : "127.0.0.1";

        return await StartupErrors.Guard(() => RunCluster(config, workDir, ip, agents, cancel));
    }

    private static async Task RunCluster(Config config, string workDir, string ip, int agents, CancellationToken cancel)
    {
        var masterConfig = Override(config, $"mesos.master {{ ip = \"{ip}\", work-dir = \"{Hocon.Escape(Path.Combine(workDir, "master"))}\" }}");
        var master = MasterSettings.FromConfig(masterConfig);
        var embedded = EmbeddedFrameworks.For(masterConfig, master, config.GetBoolean("mesos.local.chronos"), config.GetBoolean("mesos.local.marathon"));
        await using var masterProcess = await MasterProcess.Start(masterConfig, master, new FlagSet(MesosFlags.Master).Describe(masterConfig), cancel);
        await using var frameworks = await embedded.Start(cancel);
        var agentProcesses = new List<AgentProcess>();
        try
        {
            for (var i = 0; i < agents; i++)
            {
                var agentConfig = Override(config, $"mesos.agent {{ master = \"{ip}:{master.Port}\", ip = \"{ip}\", port = {master.Port + 1 + i}, work-dir = \"{Hocon.Escape(Path.Combine(workDir, $"agent-{i}"))}\" }}");
                agentProcesses.Add(await AgentProcess.Start(agentConfig, AgentSettings.FromConfig(agentConfig), new FlagSet(MesosFlags.Agent).Describe(agentConfig), cancel));
            }
            Console.WriteLine($"Mesos local cluster: master at http://{ip}:{master.Port} with {agents} agent(s){embedded.Describe(ip)}; state in {workDir}. Ctrl-C stops it.");
            await masterProcess.WaitForShutdown(cancel);
        }
        finally
        {
            foreach (var agent in agentProcesses) await agent.DisposeAsync();
        }
    }

    private static Config Override(Config config, string hocon) => ConfigurationFactory.ParseString(hocon).WithFallback(config);
}
