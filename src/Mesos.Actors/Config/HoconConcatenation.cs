namespace Mesos.Actors.Configuration;

/// <summary>Adjacent values on one line whose combination depends on what substitutions resolve to.</summary>
internal sealed class HoconConcatenation : HoconValue
{
    public HoconConcatenation(IReadOnlyList<HoconValue> pieces)
        : base(pieces[0].Position)
    {
        Pieces = pieces;
    }

    public IReadOnlyList<HoconValue> Pieces { get; }

    public override bool IsResolved => false;
}
