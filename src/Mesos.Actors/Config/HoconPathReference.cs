namespace Mesos.Actors.Configuration;

/// <summary>The value found at <see cref="Path"/> inside <see cref="Source"/> once that is resolved.</summary>
internal sealed class HoconPathReference : HoconValue
{
    public HoconPathReference(HoconValue source, IReadOnlyList<string> path)
        : base(source.Position)
    {
        Source = source;
        Path = path;
    }

    public HoconValue Source { get; }

    public IReadOnlyList<string> Path { get; }

    public override bool IsResolved => false;
}
