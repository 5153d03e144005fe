namespace Mesos.Actors.Tests.Cluster.Simulation;

/// <summary>Random faults: partitions of every shape, crashes, restarts, membership changes and leadership transfers.</summary>
internal sealed partial class RaftSimulation
{
    public void InjectRandomFault()
    {
        var ids = _initialMembers;
        switch (_random.Next(10))
        {
            case 0 or 1:
                var shuffled = ids.OrderBy(_ => _random.Next()).ToArray();
                var split = _random.Next(1, ids.Length);
                Network.Partition(shuffled[..split], shuffled[split..]);
                break;
            case 2:
                Network.Cut(Pick(ids), Pick(ids));
                break;
            case 3:
                BridgePartition(ids.OrderBy(_ => _random.Next()).ToArray());
                break;
            case 4:
                Network.Heal();
                break;
            case 5:
                Crash(Pick(ids));
                break;
            case 6:
                Restart(Pick(ids));
                break;
            case 7:
                ChangeMembership();
                break;
            case 8:
                if (Leader is { } leader) OnNode(leader.Id, core => core.TransferLeadership(Pick(core.Members.ToArray())));
                break;
            default:
                Network.DropRate = _random.NextDouble() * 0.2;
                Network.DuplicateRate = _random.NextDouble() * 0.1;
                Network.MaxDelay = _random.Next(2, 60);
                break;
        }
    }

    /// <summary>Two sides that cannot talk, and one server that talks to both.</summary>
    public void BridgePartition(string[] order)
    {
        // order[0] is the bridge: it keeps its links to both sides.
        var rest = order[1..];
        var half = rest.Length / 2;
        Network.Partition(rest[..half], rest[half..]);
    }

    /// <summary>Ends every fault: links healed, the network clean, crashed servers restarted.</summary>
    public void StopFaults()
    {
        Network.Heal();
        Network.DropRate = 0;
        Network.DuplicateRate = 0;
        Network.MaxDelay = 5;
        CrashDuringWriteRate = 0;
        foreach (var id in _initialMembers) Restart(id);
    }

    /// <summary>Proposes probes until one is applied; true if that happened within <paramref name="milliseconds"/>.</summary>
    public bool AwaitProgress(long milliseconds)
    {
        var before = ProbesApplied;
        long probes = 0;
        return RunUntil(() =>
        {
            if (Now % TickMs == 0) Propose(KeyValueStore.ProbeCommand(++probes));
            return ProbesApplied > before;
        }, milliseconds);
    }

    /// <summary>Stops the clients; an operation still open is recorded as one whose outcome is unknown.</summary>
    public void StopClients()
    {
        ClientsActive = false;
        foreach (var client in _clients.Where(c => c.Busy)) Abandon(client);
    }

    private void ChangeMembership()
    {
        if (Leader is not { } leader) return;
        var members = leader.Members;
        var outside = _initialMembers.Where(id => !members.Contains(id)).ToArray();
        if (outside.Length > 0 && (members.Count < 3 || _random.Next(2) == 0))
        {
            OnNode(leader.Id, core => core.ProposeMembershipChange(Pick(outside), add: true));
        }
        else if (members.Count >= 3)
        {
            OnNode(leader.Id, core => core.ProposeMembershipChange(Pick(members.ToArray()), add: false));
        }
    }

    private string Pick(string[] ids) => ids[_random.Next(ids.Length)];
}
