namespace Mesos.Host.Marathon.Apps;

/// <summary>One field's errors as Marathon answers a 422: its JSON path (`/container/docker/image`) and why.</summary>
public sealed record ValidationDetail(string Path, IReadOnlyList<string> Errors);

/// <summary>What is wrong with a definition, gathered field by field so that one answer names every error.</summary>
public sealed class ValidationErrors
{
    private readonly List<(string Path, string Error)> _errors = [];

    public bool Any => _errors.Count > 0;

    public void Add(string path, string error) => _errors.Add((path.Length == 0 ? "/" : path, error));

    public IReadOnlyList<ValidationDetail> Details =>
        [.. _errors.GroupBy(e => e.Path, StringComparer.Ordinal).Select(g => new ValidationDetail(g.Key, [.. g.Select(e => e.Error).Distinct()]))];

    /// <exception cref="AppInvalidException">When anything was added.</exception>
    public void ThrowIfAny()
    {
        if (Any) throw new AppInvalidException(Details);
    }
}

/// <summary>A definition Marathon refuses with 422 `{message, details}`.</summary>
public sealed class AppInvalidException(IReadOnlyList<ValidationDetail> details) : Exception("Object is not valid")
{
    public IReadOnlyList<ValidationDetail> Details { get; } = details;
}
