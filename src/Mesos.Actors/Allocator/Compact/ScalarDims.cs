namespace Mesos.Actors.Allocator.Compact;

/// <summary>
/// Scalar resource names as small indexes, so that quantities are arrays rather than maps. The four
/// names every agent has come first; custom scalars get the next index the first time they are seen.
/// </summary>
internal sealed class ScalarDims
{
    public const int Cpus = 0;
    public const int Mem = 1;
    public const int Disk = 2;
    public const int Gpus = 3;

    private readonly Dictionary<string, int> _indexes = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];

    public ScalarDims()
    {
        foreach (var name in new[] { "cpus", "mem", "disk", "gpus" })
        {
            Intern(name);
        }
    }

    public int Count => _names.Count;

    public string Name(int dim) => _names[dim];

    public int Intern(string name)
    {
        if (_indexes.TryGetValue(name, out var dim))
        {
            return dim;
        }

        dim = _names.Count;
        _indexes.Add(name, dim);
        _names.Add(name);
        return dim;
    }
}
