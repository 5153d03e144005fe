using Mesos.Actors.Cluster;
using Mesos.Actors.Runtime;

namespace Mesos.Actors.Tests.Cluster.Node;

/// <summary>Delivers Raft messages straight to the peers' actors, except across links a test has cut.</summary>
internal sealed class ActorRaftTransport
{
    private readonly Dictionary<string, IActorRef> _nodes = [];
    private readonly HashSet<string> _isolated = [];

    public void Register(string id, IActorRef node) => _nodes[id] = node;

    public void Isolate(string id) => _isolated.Add(id);

    public void Reconnect(string id) => _isolated.Remove(id);

    public IRaftTransport For(string id) => new Endpoint(this, id);

    private sealed class Endpoint(ActorRaftTransport network, string self) : IRaftTransport
    {
        public void Send(RaftMessage message)
        {
            if (network._isolated.Contains(self) || network._isolated.Contains(message.To)) return;
            if (network._nodes.TryGetValue(message.To, out var target)) target.Tell(message);
        }
    }
}

/// <summary>A state machine that records the commands it applies; its snapshot is the list.</summary>
internal sealed class RecordingStateMachine : IRaftStateMachine
{
    public List<string> Applied { get; } = [];

    /// <summary>A command whose first application throws, as a bug in the application would.</summary>
    public string? FailOnce { get; set; }

    public void Apply(LogEntry entry)
    {
        if (entry.Type != EntryType.Command) return;
        var command = System.Text.Encoding.UTF8.GetString(entry.Data);
        if (command == FailOnce)
        {
            FailOnce = null;
            throw new InvalidOperationException($"Cannot apply {command}.");
        }
        Applied.Add(command);
    }

    public byte[] TakeSnapshot() => System.Text.Encoding.UTF8.GetBytes(string.Join('\n', Applied));

    public void Restore(RaftSnapshot snapshot)
    {
        Applied.Clear();
        if (snapshot.Data.Length > 0) Applied.AddRange(System.Text.Encoding.UTF8.GetString(snapshot.Data).Split('\n'));
    }
}

internal sealed class EventCollector : ReceiveActor
{
    public EventCollector(List<object> events) => ReceiveAny(events.Add);
}
