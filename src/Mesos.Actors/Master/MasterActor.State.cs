using Mesos.Actors.Master.Operator;
using Mesos.Actors.Master.State;
using Mesos.Actors.Protocol;

namespace Mesos.Actors.Master;

public sealed partial class MasterActor
{
    private readonly LinkedList<FrameworkView> _completedFrameworks = [];
    private DateTimeOffset _startTime;

    private void ReceiveStateQueries() => Receive<GetMasterState>(_ => Sender.Tell(Snapshot(), Self));

    private MasterState Snapshot() => new(
        _info,
        _startTime,
        _frameworks.Values.Select(f => View(f, unregisteredTime: null)).ToArray(),
        _completedFrameworks.ToArray(),
        _agents.Values.Select(View).ToArray())
    {
        Weights = _registry.Weights,
        RecoveredAgents = _recoveredAgents.Values.Select(a => a.Clone()).ToArray(),
        Executors = _agents.Values.SelectMany(a => a.Executors.Values.Select(e => (a.Id.Clone(), e.Clone()))).ToArray(),
        Quotas = _registry.Quotas.ToDictionary(pair => pair.Key, pair => pair.Value.Clone(), StringComparer.Ordinal),
        Counters = _counters.Snapshot(),
        Timings = Timings(),
        OperatorSubscribers = _operators.Count,
        PublishPerFrameworkMetrics = _settings.PublishPerFrameworkMetrics,
    };

    private AgentView View(AgentState agent) => new(agent.Info, agent.RegisteredTime, agent.Connected && agent.Reachable, agent.Reachable,
        agent.Total, Used(agent), Offered(agent.Id.Value)) { Address = agent.Address, Capabilities = agent.Capabilities };

    private Resources Used(AgentState agent) =>
        _tasks.OnAgent(agent.Id.Value).Values.Select(t => t.Resources).Concat(agent.Executors.Values.Select(e => e.Resources))
            .Aggregate(Resources.Empty, (sum, resources) => sum + Resources.FromProtos(resources).Unallocated());

    private Resources Offered(string agentId) =>
        _offers.OnAgent(agentId).Aggregate(Resources.Empty, (sum, o) => sum + o.Resources.Unallocated());

    private FrameworkView View(FrameworkState framework, DateTimeOffset? unregisteredTime)
    {
        var offers = _offers.OfFramework(framework.Id.Value);
        return new FrameworkView(
            framework.Info,
            Active: framework.Connected,
            framework.Connected,
            framework.RegisteredTime,
            framework.ReregisteredTime,
            unregisteredTime,
            _tasks.ActiveOf(framework.Id.Value).Select(t => t.Clone()).ToArray(),
            _tasks.CompletedOf(framework.Id.Value).Select(t => t.Clone()).ToArray(),
            offers.Select(o => o.Offer).ToArray(),
            _tasks.ActiveOf(framework.Id.Value).Where(t => !TaskStates.IsTerminal(t.State)).Select(t => t.Resources)
                .Concat(_agents.Values.SelectMany(a => a.Executors).Where(e => e.Key.Framework == framework.Id.Value).Select(e => e.Value.Resources))
                .Aggregate(Resources.Empty, (sum, resources) => sum + Resources.FromProtos(resources)),
            offers.Aggregate(Resources.Empty, (sum, o) => sum + o.Resources))
        {
            Counters = framework.Metrics.Snapshot(),
            Suppressed = framework.Roles.Distinct(StringComparer.Ordinal)
                .ToDictionary(role => role, framework.SuppressedRoles.Contains, StringComparer.Ordinal),
        };
    }

    private void RememberCompleted(FrameworkState framework)
    {
        _completedFrameworks.AddLast(View(framework, Now));
        while (_completedFrameworks.Count > _settings.MaxCompletedFrameworks) _completedFrameworks.RemoveFirst();
    }
}
