using System.Text;

namespace Mesos.Actors.Runtime;

/// <summary>
/// The address of an actor in its system's hierarchy, as in Akka.NET: <c>mesos://system/user/master/frameworks/x</c>.
/// Paths compare by value; two incarnations of an actor share a path but not a uid (see <see cref="IActorRef"/>).
/// </summary>
public sealed class ActorPath : IEquatable<ActorPath>
{
    private readonly string _text;

    private ActorPath(string systemName, ActorPath? parent, string name)
    {
        SystemName = systemName;
        Parent = parent;
        Name = name;
        _text = parent is null ? "" : parent._text + "/" + name;
        Depth = parent is null ? 0 : parent.Depth + 1;
    }

    public string SystemName { get; }
    public ActorPath? Parent { get; }
    public string Name { get; }
    public int Depth { get; }

    public static ActorPath Root(string systemName) => new(systemName, null, "");

    public ActorPath Child(string name) => new(SystemName, this, name);

    public static ActorPath operator /(ActorPath parent, string name) => parent.Child(name);

    /// <summary>The elements below the root, e.g. ["user", "master"].</summary>
    public IReadOnlyList<string> Elements
    {
        get
        {
            var elements = new string[Depth];
            for (var p = this; p.Parent is not null; p = p.Parent) elements[p.Depth - 1] = p.Name;
            return elements;
        }
    }

    /// <summary>The path without the system address: <c>/user/master</c>.</summary>
    public string ToStringWithoutAddress() => Depth == 0 ? "/" : _text;

    public override string ToString() => new StringBuilder("mesos://").Append(SystemName).Append(ToStringWithoutAddress()).ToString();

    public bool Equals(ActorPath? other) =>
        other is not null && other._text == _text && other.SystemName == SystemName;

    public override bool Equals(object? obj) => obj is ActorPath other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_text, SystemName);

    /// <summary>Akka's rule for names users choose: not empty, no leading '$' (reserved for generated names), URI-safe characters only.</summary>
    public static bool IsValidName(string name) =>
        name.Length > 0 && name[0] != '$' && name.All(IsValidNameChar);

    internal static bool IsValidNameChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || "-_.*$+:@&=,!~';".Contains(c);
}
