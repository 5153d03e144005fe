namespace Mesos.Actors.Configuration;

internal sealed class HoconArray : HoconValue
{
    private readonly List<HoconValue> _elements;

    public HoconArray(SourcePosition position, IEnumerable<HoconValue>? elements = null)
        : base(position)
    {
        _elements = elements?.ToList() ?? [];
    }

    public IReadOnlyList<HoconValue> Elements => _elements;

    public void Add(HoconValue element) => _elements.Add(element);
}
