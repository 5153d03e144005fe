namespace Mesos.Actors.Configuration;

/// <summary>A node of a parsed document, either resolved (object, array, scalar) or awaiting substitution.</summary>
internal abstract class HoconValue
{
    protected HoconValue(SourcePosition position)
    {
        Position = position;
    }

    public SourcePosition Position { get; }

    /// <summary>False for nodes whose final value is known only after substitutions are resolved.</summary>
    public virtual bool IsResolved => true;

    /// <summary>
    /// A copy that later in-place merges cannot change. Only objects are mutated while parsing,
    /// so only nodes that can contain them need copying.
    /// </summary>
    public virtual HoconValue Snapshot() => this;
}
