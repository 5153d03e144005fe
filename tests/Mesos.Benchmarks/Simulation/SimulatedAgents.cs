using Akka.Actor;
using Akka.Configuration;
using Mesos.Actors.Agent;
using Mesos.Actors.Settings;
using Mesos.Host.Agent;
using Mesos.V1;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesos.Benchmarks.Simulation;

/// <summary>
/// Many agents in one process: each is the real <see cref="AgentActor"/> with the real HTTP link to its
/// masters (the same subscription, backoff, pings and status update retries as `mesos agent`), over a
/// <see cref="SimulatedContainerizer"/> that starts no process. Each has its own work dir under
/// <paramref name="workDir"/> and reports its own hostname and port, so the master sees separate agents.
/// </summary>
internal sealed class SimulatedAgents : IAsyncDisposable
{
    private readonly ActorSystem _system;
    private readonly List<HttpMasterLink> _links = [];

    public SimulatedAgents(IReadOnlyList<string> masters, int count, string resources, string workDir, TimeSpan? taskRunTime)
    {
        _system = ActorSystem.Create("simulated-agents", ReferenceConfig.WithDefaults(ConfigurationFactory.ParseString(
            "akka.loglevel = WARNING\nakka.log-dead-letters = off")));
        var containerizer = new SimulatedContainerizer(_system.Scheduler, taskRunTime);
        var random = new Random(1);
        for (var i = 0; i < count; i++)
        {
            var settings = new AgentSettings
            {
                Masters = masters,
                Ip = "127.0.0.1",
                Port = 40000 + i,
                Hostname = $"sim-{i}",
                WorkDir = Path.Combine(workDir, $"agent-{i}"),
                Resources = resources,
                Attributes = $"sim:{i % 100}",
            };
            var info = new AgentInfo { Hostname = settings.Hostname, Port = settings.Port };
            info.Resources.AddRange(Mesos.Actors.Protocol.Resources.Parse(resources).ToProtos());
            var link = new HttpMasterLink(masters, NullLogger.Instance);
            _links.Add(link);
            _system.ActorOf(AgentActor.Props(settings, info, link, _ => containerizer, new Random(random.Next())), $"agent-{i}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _system.Terminate();
        foreach (var link in _links) await link.DisposeAsync();
    }
}
