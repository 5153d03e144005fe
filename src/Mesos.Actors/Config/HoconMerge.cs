namespace Mesos.Actors.Configuration;

/// <summary>
/// A duplicate key whose newer value is not known to be an object until substitutions resolve:
/// if both sides turn out to be objects they merge, otherwise <see cref="Top"/> wins, and an
/// undefined optional substitution on top leaves the earlier value in place.
/// </summary>
internal sealed class HoconMerge : HoconValue
{
    public HoconMerge(HoconValue top, HoconValue fallback)
        : base(top.Position)
    {
        Top = top;
        Fallback = fallback;
    }

    public HoconValue Top { get; }

    public HoconValue Fallback { get; }

    public override bool IsResolved => false;

    public override HoconValue Snapshot() => new HoconMerge(Top.Snapshot(), Fallback.Snapshot());
}
