using Mesos.Actors.Cluster;
using Mesos.TestKit.Linearizability;

namespace Mesos.Actors.Tests.Cluster.Simulation;

/// <summary>Clients of the simulation: puts go through the log, gets through ReadIndex; every answer enters the history.</summary>
internal sealed partial class RaftSimulation
{
    private static readonly string[] Keys = ["x", "y", "z"];
    private const int ClientTimeoutMs = 1000;

    private void RunClients()
    {
        foreach (var client in _clients)
        {
            if (client.Busy && Now >= client.Deadline) Abandon(client);
            if (!client.Busy && Now >= client.NextActionAt) Issue(client);
        }
    }

    private void Issue(SimClient client)
    {
        var target = client.LeaderHint is { } hint && _random.NextDouble() < 0.9 ? hint : _initialMembers[_random.Next(_initialMembers.Length)];
        var node = _nodes[target];
        client.NextActionAt = Now + 2;
        if (!node.IsUp)
        {
            client.LeaderHint = null;
            return;
        }
        var core = node.Core!;
        var requestId = ++_requestIds;
        var input = _random.Next(2) == 0
            ? new KeyValueInput(KeyValueOp.Get, Keys[_random.Next(Keys.Length)], null)
            : new KeyValueInput(KeyValueOp.Put, Keys[_random.Next(Keys.Length)], $"v{++_values}");
        if (input.Op == KeyValueOp.Put)
        {
            var result = core.Propose(KeyValueStore.PutCommand(input.Key, input.Value!));
            if (result.Status != ProposeStatus.Appended)
            {
                client.LeaderHint = result.LeaderHint;
                return;
            }
            Begin(client, input, node.Id, requestId);
            node.PendingWrites[result.Index] = (result.Term, client, requestId);
        }
        else
        {
            if (!core.ReadIndex(requestId))
            {
                client.LeaderHint = core.Leader;
                return;
            }
            Begin(client, input, node.Id, requestId);
            node.PendingReads[requestId] = client;
        }
        Process(node);
    }

    private void Begin(SimClient client, KeyValueInput input, string node, long requestId)
    {
        client.Current = input;
        client.CallTime = ++_order;
        client.Deadline = Now + ClientTimeoutMs;
        client.WaitingOn = node;
        client.RequestId = requestId;
        client.LeaderHint = node;
    }

    private void ConfirmRead(SimNode node, ReadState read)
    {
        if (node.PendingReads.Remove(read.RequestId, out var client)) node.ConfirmedReads.Add((read.Index, client, read.RequestId));
    }

    private void ServeReads(SimNode node)
    {
        foreach (var read in node.ConfirmedReads.Where(r => r.Index <= node.Applied).ToList())
        {
            node.ConfirmedReads.Remove(read);
            var client = read.Client;
            if (client.WaitingOn == node.Id && client.RequestId == read.RequestId)
            {
                Complete(client, new KeyValueOutput(node.Store.Get(client.Current!.Key)));
            }
        }
    }

    private void FailUnconfirmedReads(SimNode node)
    {
        foreach (var (requestId, client) in node.PendingReads)
        {
            if (client.WaitingOn == node.Id && client.RequestId == requestId) Abandon(client);
        }
        node.PendingReads.Clear();
    }

    private void Complete(SimClient client, KeyValueOutput? output)
    {
        History.Add(new Operation<KeyValueInput, KeyValueOutput>(client.Id, client.Current!, output, client.CallTime, ++_order));
        Reset(client);
    }

    /// <summary>The client gives up without knowing: a put may still take effect at any later time; a get changes nothing.</summary>
    private void Abandon(SimClient client)
    {
        if (client.Current is { Op: KeyValueOp.Put } put)
        {
            History.Add(new Operation<KeyValueInput, KeyValueOutput>(client.Id, put, null, client.CallTime, Operation<KeyValueInput, KeyValueOutput>.Pending));
        }
        client.LeaderHint = null;
        Reset(client);
    }

    private void Reset(SimClient client)
    {
        client.Current = null;
        client.WaitingOn = null;
        client.NextActionAt = Now + _random.Next(0, 10);
    }
}
