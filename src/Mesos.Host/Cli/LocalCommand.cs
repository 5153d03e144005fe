using System.CommandLine;
using Mesos.Actors.Agent;
using Akka.Configuration;
using Mesos.Actors.Settings;
using Mesos.Actors.Master;
using Mesos.Host.Agent;
using Mesos.Host.Cli.Flags;
using Mesos.Host.Master;

namespace Mesos.Host.Cli;

/// <summary>
/// `mesos local`: a master (or --masters of them, as one highly available cluster on one SQLite registry)
/// and --num_agents agents in one process, each in an actor system of its own, on loopback, until Ctrl-C.
/// </summary>
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
        var masters = config.GetInt("mesos.local.masters");
        if (masters is < 1 or > 9)
        {
            Console.Error.WriteLine($"--masters must be between 1 and 9, not {masters}");
            return 1;
        }
        var workDir = config.GetString("mesos.local.work-dir");
        if (string.IsNullOrEmpty(workDir)) workDir = Directory.CreateTempSubdirectory("mesos-local-").FullName;
        var ip = config.GetString("mesos.master.ip") is { Length: > 0 } given ? given : "127.0.0.1";

        return await StartupErrors.Guard(() => RunCluster(config, workDir, ip, masters, agents, cancel));
    }

    private static async Task RunCluster(Config config, string workDir, string ip, int masters, int agents, CancellationToken cancel)
    {
        var port = MasterSettings.FromConfig(config).Port;
        var addresses = string.Join(",", Enumerable.Range(0, masters).Select(i => $"{ip}:{port + i}"));
        // Several masters are one cluster on one registry file; one master keeps its registry in its work dir, as `mesos master` does.
        var cluster = masters == 1 ? "" : $"masters = \"{addresses}\", registry-store = \"sqlite:{Hocon.Escape(Path.Combine(workDir, "registry.db"))}\"";
        var masterConfigs = Enumerable.Range(0, masters)
            .Select(i => Override(config, $"mesos.master {{ ip = \"{ip}\", port = {port + i}, work-dir = \"{Hocon.Escape(Path.Combine(workDir, masters == 1 ? "master" : $"master-{i}"))}\", {cluster} }}"))
            .ToList();
        var embedded = EmbeddedFrameworks.For(masterConfigs[0], MasterSettings.FromConfig(masterConfigs[0]), config.GetBoolean("mesos.local.chronos"), config.GetBoolean("mesos.local.marathon"));
        var masterProcesses = new List<MasterProcess>();
        var agentProcesses = new List<AgentProcess>();
        try
        {
            // Started together, as the cluster's seed nodes expect: the first forms the cluster once it hears from the others.
            var starting = masterConfigs.Select(c => MasterProcess.Start(c, MasterSettings.FromConfig(c), new FlagSet(MesosFlags.Master).Describe(c), cancel)).ToList();
            foreach (var started in starting) masterProcesses.Add(await started);
            await using var frameworks = await embedded.Start(leadership: null, host: null, cancel);
            for (var i = 0; i < agents; i++)
            {
                var agentConfig = Override(config, $"mesos.agent {{ master = \"{addresses}\", ip = \"{ip}\", port = {port + masters + i}, work-dir = \"{Hocon.Escape(Path.Combine(workDir, $"agent-{i}"))}\" }}");
                agentProcesses.Add(await AgentProcess.Start(agentConfig, AgentSettings.FromConfig(agentConfig), new FlagSet(MesosFlags.Agent).Describe(agentConfig), cancel));
            }
            Console.WriteLine(masters == 1
                ? $"Mesos local cluster: master at http://{ip}:{port} with {agents} agent(s){embedded.Describe(ip)}; state in {workDir}. Ctrl-C stops it."
                : $"Mesos local cluster: {masters} masters at {addresses} (http://{ip}:{port}/master/redirect finds the leader) with {agents} agent(s){embedded.Describe(ip)}; state in {workDir}. Ctrl-C stops it.");
            await Task.WhenAny(masterProcesses.Select(m => m.WaitForShutdown(cancel)));
        }
        finally
        {
            foreach (var agent in agentProcesses) await agent.DisposeAsync();
            foreach (var master in masterProcesses) await master.DisposeAsync();
        }
    }

    private static Config Override(Config config, string hocon) => ConfigurationFactory.ParseString(hocon).WithFallback(config);
}
