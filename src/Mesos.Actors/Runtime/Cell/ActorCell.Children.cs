using System.Text;

namespace Mesos.Actors.Runtime;

internal sealed partial class ActorCell
{
    private const string GeneratedNameAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+~";

    private readonly Lock _childrenLock = new();
    // A stopping child keeps its name until it has terminated, so a new sibling cannot take it early.
    private readonly Dictionary<string, ChildRestartStats> _children = [];
    private long _nextGeneratedName;

    public IReadOnlyCollection<IActorRef> Children
    {
        get
        {
            lock (_childrenLock) return _children.Values.Select(IActorRef (c) => c.Child).ToArray();
        }
    }

    private bool HasChildren
    {
        get
        {
            lock (_childrenLock) return _children.Count > 0;
        }
    }

    public IActorRef Child(string name)
    {
        lock (_childrenLock) return _children.TryGetValue(name, out var stats) ? stats.Child : ActorRefs.Nobody;
    }

    public IActorRef ActorOf(Props props, string? name = null)
    {
        if (name is not null && !ActorPath.IsValidName(name))
        {
            throw new InvalidActorNameException(
                $"Invalid actor name [{name}]: it must not be empty, must not start with '$', and may contain only letters, digits and -_.*$+:@&=,!~';");
        }

        ActorCell child;
        lock (_childrenLock)
        {
            if (_isTerminating) throw new InvalidOperationException($"{Self.Path} is stopping and cannot create children.");
            name ??= GenerateName();
            if (_children.ContainsKey(name)) throw new InvalidActorNameException($"Actor name [{name}] is not unique under {Self.Path}.");
            child = System.CreateCell(props, Self.Path / name, Self);
            _children[name] = new ChildRestartStats(child.Self);
        }
        child.Start();
        return child.Self;
    }

    public void Stop(IActorRef actor)
    {
        if (actor is InternalActorRef target) target.SendSystemMessage(Terminate.Instance);
    }

    private string GenerateName()
    {
        var n = _nextGeneratedName++;
        var name = new StringBuilder("$");
        do
        {
            name.Append(GeneratedNameAlphabet[(int)(n % GeneratedNameAlphabet.Length)]);
            n /= GeneratedNameAlphabet.Length;
        } while (n > 0);
        return name.ToString();
    }

    private ChildRestartStats? ChildStatsFor(IActorRef child)
    {
        lock (_childrenLock)
        {
            return _children.TryGetValue(child.Path.Name, out var stats) && stats.Child.Equals(child) ? stats : null;
        }
    }

    private IReadOnlyCollection<ChildRestartStats> ChildStats()
    {
        lock (_childrenLock) return _children.Values.ToArray();
    }

    private bool RemoveChild(IActorRef child)
    {
        lock (_childrenLock)
        {
            return _children.TryGetValue(child.Path.Name, out var stats) && stats.Child.Equals(child) && _children.Remove(child.Path.Name);
        }
    }

    private void SendToChildren(SystemMessage message)
    {
        foreach (var stats in ChildStats()) stats.Child.SendSystemMessage(message);
    }

    /// <summary>This actor and its descendants, for operators and the CLI.</summary>
    public ActorInfo Snapshot()
    {
        var children = ChildStats()
            .Select(c => c.Child)
            .OfType<LocalActorRef>()
            .OrderBy(c => c.Path.Name, StringComparer.Ordinal)
            .Select(c => c.Cell.Snapshot())
            .ToArray();
        return new ActorInfo(Self.Path.ToStringWithoutAddress(), Props.ActorType.Name, Mailbox.Count, children);
    }
}
