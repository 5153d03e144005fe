namespace Mesos.Actors.Configuration;

/// <summary>
/// Turns a parsed document into a tree of objects, arrays and scalars by resolving substitutions,
/// concatenations and delayed merges. Each node is resolved once; meeting a node again while it is
/// still being resolved means the substitutions form a cycle.
/// </summary>
internal sealed class SubstitutionResolver
{
    private readonly HoconObject _root;
    private readonly Dictionary<HoconValue, HoconValue?> _resolved = [];
    private readonly HashSet<HoconValue> _inProgress = [];
    private readonly Stack<HoconSubstitution> _substitutions = new();

    private SubstitutionResolver(HoconObject root)
    {
        _root = root;
    }

    public static HoconObject Resolve(HoconObject root) =>
        (HoconObject)new SubstitutionResolver(root).ResolveValue(root)!;

    private static string Describe(HoconValue value) => value switch
    {
        HoconObject => "an object",
        HoconArray => "a list",
        _ => "a string",
    };

    /// <returns>The resolved value, or null when it is undefined (an optional substitution that found nothing).</returns>
    private HoconValue? ResolveValue(HoconValue value)
    {
        if (value is HoconScalar)
        {
            return value;
        }

        if (_resolved.TryGetValue(value, out var done))
        {
            return done;
        }

        if (!_inProgress.Add(value))
        {
            throw CycleError(value);
        }

        try
        {
            var result = value switch
            {
                HoconObject obj => ResolveObject(obj),
                HoconArray array => new HoconArray(array.Position, array.Elements.Select(ResolveValue).OfType<HoconValue>()),
                HoconSubstitution substitution => ResolveSubstitution(substitution),
                HoconConcatenation concatenation => ResolveConcatenation(concatenation),
                HoconMerge merge => ResolveMerge(merge),
                HoconPathReference reference => Lookup(reference.Source, reference.Path, 0),
                _ => throw new InvalidOperationException($"Unexpected node {value.GetType().Name}"),
            };
            _resolved[value] = result;
            return result;
        }
        finally
        {
            _inProgress.Remove(value);
        }
    }

    private ConfigException CycleError(HoconValue value)
    {
        var culprit = _substitutions.Count > 0 ? _substitutions.Peek() : value as HoconSubstitution;
        return culprit is null
            ? new ConfigException($"Cycle in substitutions involving the value at {value.Position}")
            : new ConfigException($"Cycle in substitutions detected while resolving {culprit.Display} at {culprit.Position}");
    }

    private HoconObject ResolveObject(HoconObject obj)
    {
        var resolved = new HoconObject(obj.Position);
        foreach (var (key, value) in obj.Fields)
        {
            if (ResolveValue(value) is { } field)
            {
                resolved.Set(key, field);
            }
        }

        return resolved;
    }

    private HoconValue? ResolveSubstitution(HoconSubstitution substitution)
    {
        _substitutions.Push(substitution);
        try
        {
            HoconValue? found;
            if (substitution.IsSelfReference)
            {
                found = substitution.Prior is null ? null : ResolveValue(substitution.Prior);
            }
            else
            {
                found = Lookup(_root, substitution.Path, 0);
                if (found is null && substitution.Path.Count != substitution.WrittenPath.Count)
                {
                    // An included file may also refer to keys of the including document's root.
                    found = Lookup(_root, substitution.WrittenPath, 0);
                }
            }

            if (found is null && substitution.EnvironmentName is not null
                && Environment.GetEnvironmentVariable(substitution.EnvironmentName) is { } variable)
            {
                found = HoconScalar.String(variable, substitution.Position);
            }

            if (found is null && !substitution.IsOptional)
            {
                throw new ConfigException(
                    $"Could not resolve substitution {substitution.Display} at {substitution.Position}: " +
                    $"path '{ConfigPath.Render(substitution.WrittenPath)}' is not set and there is no environment variable '{substitution.EnvironmentName}'");
            }

            return found;
        }
        finally
        {
            _substitutions.Pop();
        }
    }

    /// <summary>
    /// Finds the value at <paramref name="path"/> below <paramref name="node"/>, walking unresolved objects
    /// without resolving siblings, so a field may refer to a sibling inside the object being resolved.
    /// </summary>
    private HoconValue? Lookup(HoconValue? node, IReadOnlyList<string> path, int index)
    {
        while (true)
        {
            if (node is null)
            {
                return null;
            }

            if (index == path.Count)
            {
                return ResolveValue(node);
            }

            var key = path[index];
            switch (node)
            {
                case HoconObject obj:
                    node = obj.Get(key);
                    index++;
                    break;
                case HoconMerge { Top: HoconObject top } merge:
                    var child = top.Get(key);
                    node = child is null ? merge.Fallback : new HoconMerge(child, new HoconPathReference(merge.Fallback, [key]));
                    index += child is null ? 0 : 1;
                    break;
                default:
                    node = ResolveValue(node) as HoconObject;
                    break;
            }
        }
    }

    private HoconValue? ResolveMerge(HoconMerge merge)
    {
        var top = ResolveValue(merge.Top);
        if (top is null)
        {
            return ResolveValue(merge.Fallback);
        }

        return top is HoconObject topObject && ResolveValue(merge.Fallback) is HoconObject fallback
            ? HoconObject.Merge(topObject, fallback)
            : top;
    }

    private HoconValue? ResolveConcatenation(HoconConcatenation concatenation)
    {
        var values = new List<HoconValue>();
        foreach (var piece in concatenation.Pieces)
        {
            if (piece is HoconScalar { IsSeparator: true })
            {
                values.Add(piece);
            }
            else if (ResolveValue(piece) is { } value)
            {
                values.Add(value);
            }
        }

        var substantive = values.Where(value => value is not HoconScalar { IsSeparator: true }).ToList();
        if (substantive.Count == 0)
        {
            return null;
        }

        if (substantive.Any(value => value is HoconObject or HoconArray))
        {
            return ConcatenateContainers(substantive, concatenation);
        }

        return values.Count == 1
            ? values[0]
            : HoconScalar.String(string.Concat(values.Cast<HoconScalar>().Select(s => s.Text)), concatenation.Position);
    }

    private static HoconValue ConcatenateContainers(List<HoconValue> values, HoconConcatenation concatenation)
    {
        var first = values[0];
        var mismatch = values.FirstOrDefault(value => value.GetType() != first.GetType());
        if (mismatch is not null)
        {
            throw new ConfigException(
                $"Cannot concatenate {Describe(first)} with {Describe(mismatch)} at {concatenation.Position}");
        }

        return first is HoconObject
            ? values.Cast<HoconObject>().Aggregate((earlier, later) => HoconObject.Merge(later, earlier))
            : new HoconArray(first.Position, values.Cast<HoconArray>().SelectMany(array => array.Elements));
    }
}
