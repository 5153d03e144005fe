using System.Globalization;

namespace Mesos.Actors.Configuration;

/// <summary>
/// An immutable, fully resolved configuration tree with typed access by dotted path
/// (<c>a.b.c</c>; quote segments that contain dots: <c>a."b.c".d</c>).
/// </summary>
public sealed class Config
{
    private static readonly string[] TrueWords = ["true", "yes", "on"];
    private static readonly string[] FalseWords = ["false", "no", "off"];

    private readonly HoconObject _root;

    internal Config(HoconObject root)
    {
        _root = root;
    }

    public static Config Empty { get; } = new(new HoconObject(new SourcePosition(SourcePosition.StringOrigin, 1, 1)));

    public bool IsEmpty => _root.Count == 0;

    /// <summary>Direct child keys of the root object, in definition order.</summary>
    public IReadOnlyList<string> Keys => _root.Keys;

    /// <summary>True when the path holds a value other than null.</summary>
    public bool HasPath(string path) => Find(path) is not null and not HoconScalar { Kind: HoconScalarKind.Null };

    public string GetString(string path) => AsString(Require(path), path);

    public string GetString(string path, string @default) => HasPath(path) ? GetString(path) : @default;

    /// <summary>Accepts true/yes/on and false/no/off.</summary>
    public bool GetBoolean(string path)
    {
        var value = Require(path);
        var text = value is HoconScalar { Kind: HoconScalarKind.String or HoconScalarKind.Boolean } scalar ? scalar.Text : null;
        if (TrueWords.Contains(text, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        if (FalseWords.Contains(text, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        throw WrongType(path, value, "BOOLEAN");
    }

    public bool GetBoolean(string path, bool @default) => HasPath(path) ? GetBoolean(path) : @default;

    public int GetInt(string path)
    {
        var number = GetLong(path);
        return number is >= int.MinValue and <= int.MaxValue
            ? (int)number
            : throw new ConfigException($"Config path '{path}' has value {number} which is out of range for a 32-bit integer");
    }

    public int GetInt(string path, int @default) => HasPath(path) ? GetInt(path) : @default;

    public long GetLong(string path)
    {
        var value = Require(path);
        var text = NumberText(value, path);
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real)
            && real == Math.Floor(real) && real >= long.MinValue && real <= long.MaxValue)
        {
            return (long)real;
        }

        throw new ConfigException($"Config path '{path}' has value {text} which is not a 64-bit integer");
    }

    public long GetLong(string path, long @default) => HasPath(path) ? GetLong(path) : @default;

    public double GetDouble(string path)
    {
        var value = Require(path);
        var text = NumberText(value, path);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw WrongType(path, value, "NUMBER");
    }

    public double GetDouble(string path, double @default) => HasPath(path) ? GetDouble(path) : @default;

    /// <summary>Reads "5s", "100 ms", "2 minutes", "infinite" and the like; a bare number is milliseconds.</summary>
    public TimeSpan GetTimeSpan(string path) => DurationParser.Parse(ScalarText(path, "DURATION"), path);

    public TimeSpan GetTimeSpan(string path, TimeSpan @default) => HasPath(path) ? GetTimeSpan(path) : @default;

    /// <summary>Reads "64MB" (decimal), "64M" or "64MiB" (binary) and the like; a bare number is bytes.</summary>
    public long GetByteSize(string path) => ByteSizeParser.Parse(ScalarText(path, "SIZE"), path);

    public long GetByteSize(string path, long @default) => HasPath(path) ? GetByteSize(path) : @default;

    public IReadOnlyList<string> GetStringList(string path) =>
        RequireList(path).Select((element, i) => AsString(element, $"{path}[{i}]")).ToList();

    public IReadOnlyList<Config> GetConfigList(string path) =>
        RequireList(path)
            .Select((element, i) => element is HoconObject obj ? new Config(obj) : throw WrongType($"{path}[{i}]", element, "OBJECT"))
            .ToList();

    /// <summary>The sub-tree at <paramref name="path"/>, or <see cref="Empty"/> when nothing is there.</summary>
    public Config GetConfig(string path) => Find(path) switch
    {
        null or HoconScalar { Kind: HoconScalarKind.Null } => Empty,
        HoconObject obj => new Config(obj),
        var other => throw WrongType(path, other, "OBJECT"),
    };

    /// <summary>Combines two configurations; this one wins, and objects present in both merge recursively.</summary>
    public Config WithFallback(Config fallback)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        if (fallback.IsEmpty)
        {
            return this;
        }

        return IsEmpty ? fallback : new Config(HoconObject.Merge(_root, fallback._root));
    }

    /// <summary>The configuration as indented JSON, which parses back to an equal configuration.</summary>
    public override string ToString() => HoconRenderer.Render(_root);

    private static string TypeName(HoconValue value) => value switch
    {
        HoconObject => "OBJECT",
        HoconArray => "LIST",
        HoconScalar scalar => scalar.Kind.ToString().ToUpperInvariant(),
        _ => value.GetType().Name,
    };

    private static ConfigException WrongType(string path, HoconValue value, string expected) =>
        new($"Config path '{path}' has type {TypeName(value)}, expected {expected}");

    private static string AsString(HoconValue value, string path) => value switch
    {
        HoconScalar { Kind: not HoconScalarKind.Null } scalar => scalar.Text,
        _ => throw WrongType(path, value, "STRING"),
    };

    private static string NumberText(HoconValue value, string path) => value switch
    {
        HoconScalar { Kind: HoconScalarKind.Number or HoconScalarKind.String } scalar => scalar.Text.Trim(),
        _ => throw WrongType(path, value, "NUMBER"),
    };

    private HoconValue? Find(string path)
    {
        HoconValue? current = _root;
        foreach (var segment in ConfigPath.Parse(path))
        {
            current = (current as HoconObject)?.Get(segment);
        }

        return current;
    }

    private HoconValue Require(string path) => Find(path) switch
    {
        null => throw new ConfigException($"Config path '{path}' is missing"),
        HoconScalar { Kind: HoconScalarKind.Null } => throw new ConfigException($"Config path '{path}' is null"),
        var value => value,
    };

    private string ScalarText(string path, string expected) => Require(path) switch
    {
        HoconScalar { Kind: HoconScalarKind.Number or HoconScalarKind.String } scalar => scalar.Text,
        var other => throw WrongType(path, other, expected),
    };

    private IReadOnlyList<HoconValue> RequireList(string path) => Require(path) switch
    {
        HoconArray array => array.Elements,
        var other => throw WrongType(path, other, "LIST"),
    };
}
