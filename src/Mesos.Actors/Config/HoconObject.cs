namespace Mesos.Actors.Configuration;

/// <summary>Fields in first-definition order. Mutable only while its document is being parsed.</summary>
internal sealed class HoconObject : HoconValue
{
    private readonly List<string> _keys = [];
    private readonly Dictionary<string, HoconValue> _fields = new(StringComparer.Ordinal);

    public HoconObject(SourcePosition position)
        : base(position)
    {
    }

    public IReadOnlyList<string> Keys => _keys;

    public int Count => _keys.Count;

    public IEnumerable<KeyValuePair<string, HoconValue>> Fields =>
        _keys.Select(key => new KeyValuePair<string, HoconValue>(key, _fields[key]));

    public HoconValue? Get(string key) => _fields.GetValueOrDefault(key);

    public void Set(string key, HoconValue value)
    {
        if (!_fields.ContainsKey(key))
        {
            _keys.Add(key);
        }

        _fields[key] = value;
    }

    /// <summary>Merges two resolved objects: the winner's fields take precedence and nested objects merge recursively.</summary>
    public static HoconObject Merge(HoconObject winner, HoconObject fallback)
    {
        var merged = new HoconObject(winner.Position);
        foreach (var (key, value) in winner.Fields)
        {
            merged.Set(key, value is HoconObject winning && fallback.Get(key) is HoconObject losing
                ? Merge(winning, losing)
                : value);
        }

        foreach (var (key, value) in fallback.Fields)
        {
            if (merged.Get(key) is null)
            {
                merged.Set(key, value);
            }
        }

        return merged;
    }

    public override HoconValue Snapshot()
    {
        var copy = new HoconObject(Position);
        foreach (var (key, value) in Fields)
        {
            copy.Set(key, value.Snapshot());
        }

        return copy;
    }
}
