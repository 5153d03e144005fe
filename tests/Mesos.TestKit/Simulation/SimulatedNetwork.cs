namespace Mesos.TestKit.Simulation;

/// <summary>
/// A seeded network between named nodes, in simulated milliseconds: each message is dropped, duplicated or delayed
/// (so reordered) at random, and links can be cut one direction at a time. All randomness comes from the
/// generator given, so a run replays from its seed.
/// </summary>
public sealed class SimulatedNetwork<TMessage>(Random random)
{
    private readonly HashSet<(string From, string To)> _cut = [];
    private readonly PriorityQueue<(string To, TMessage Message), (long Time, long Sequence)> _inFlight = new();
    private long _sequence;

    public double DropRate { get; set; }
    public double DuplicateRate { get; set; }
    public int MinDelay { get; set; } = 1;
    public int MaxDelay { get; set; } = 5;

    public bool CanReach(string from, string to) => !_cut.Contains((from, to));

    /// <summary>Cuts the link from <paramref name="from"/> to <paramref name="to"/> only (an asymmetric fault).</summary>
    public void Cut(string from, string to) => _cut.Add((from, to));

    public void CutBothWays(string a, string b)
    {
        Cut(a, b);
        Cut(b, a);
    }

    /// <summary>Cuts every link between the two groups, both ways.</summary>
    public void Partition(IEnumerable<string> groupA, IEnumerable<string> groupB)
    {
        var b = groupB.ToList();
        foreach (var a in groupA)
        {
            foreach (var other in b) CutBothWays(a, other);
        }
    }

    public void Heal() => _cut.Clear();

    public void Send(long now, string from, string to, TMessage message)
    {
        if (!CanReach(from, to) || random.NextDouble() < DropRate) return;
        Enqueue(now, to, message);
        if (random.NextDouble() < DuplicateRate) Enqueue(now, to, message);
    }

    /// <summary>Takes the next message due at or before <paramref name="now"/>.</summary>
    public bool TryDeliver(long now, out string to, out TMessage message)
    {
        if (_inFlight.TryPeek(out var next, out var due) && due.Time <= now)
        {
            _inFlight.Dequeue();
            (to, message) = next;
            return true;
        }
        to = "";
        message = default!;
        return false;
    }

    private void Enqueue(long now, string to, TMessage message) =>
        _inFlight.Enqueue((to, message), (now + random.Next(MinDelay, MaxDelay + 1), _sequence++));
}
