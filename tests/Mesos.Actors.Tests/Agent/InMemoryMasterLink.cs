using Mesos.Actors.Agent;
using Akka.Actor;
using Mesos.Internal;

namespace Mesos.Actors.Tests.Agent;

/// <summary>A master link without a network: calls go to a probe standing in for the master; the test plays the master's side.</summary>
internal sealed class InMemoryMasterLink(IActorRef master) : IMasterLink
{
    private volatile IActorRef? _agent;

    public bool IsAttached => _agent is not null;

    public IActorRef Agent => _agent ?? throw new InvalidOperationException("No agent attached yet");

    public void Attach(IActorRef agent) => _agent = agent;

    public Task SendAsync(AgentCall call, CancellationToken cancellationToken = default)
    {
        master.Tell(call.Clone());
        return Task.CompletedTask;
    }

    public void Connect() => Agent.Tell(new MasterConnected("master:5050"));

    public void Disconnect() => Agent.Tell(new MasterDisconnected("connection reset"));

    public void Deliver(AgentEvent e) => Agent.Tell(e);
}
