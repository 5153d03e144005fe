using System.Collections.Immutable;
using System.Text.Json;

namespace Mesos.Host.Marathon.Apps;

/// <summary>Reads typed fields of a JSON object, naming each field that has the wrong type by its path.</summary>
internal readonly struct JsonFields(JsonElement element, string path, ValidationErrors errors)
{
    public string Path => path;

    public bool Has(string name) => element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    public bool Is(string name, JsonValueKind kind) => element.TryGetProperty(name, out var value) && value.ValueKind == kind;

    public string? String(string name)
    {
        if (!Get(name, out var value)) return null;
        if (value.ValueKind == JsonValueKind.String) return value.GetString();
        errors.Add($"{path}/{name}", "error.expected.jsstring");
        return null;
    }

    public double Number(string name, double fallback)
    {
        if (!Get(name, out var value)) return fallback;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number)) return number;
        errors.Add($"{path}/{name}", "error.expected.jsnumber");
        return fallback;
    }

    public int Integer(string name, int fallback)
    {
        if (!Get(name, out var value)) return fallback;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)) return number;
        errors.Add($"{path}/{name}", "error.expected.jsnumber (a whole number that fits 32 bits)");
        return fallback;
    }

    public int? OptionalInteger(string name) => Has(name) ? Integer(name, 0) : null;

    public bool Bool(string name, bool fallback)
    {
        if (!Get(name, out var value)) return fallback;
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) return value.GetBoolean();
        errors.Add($"{path}/{name}", "error.expected.jsboolean");
        return fallback;
    }

    public ImmutableArray<string>? Strings(string name)
    {
        if (!Get(name, out var value)) return null;
        if (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String))
        {
            return [.. value.EnumerateArray().Select(v => v.GetString()!)];
        }
        errors.Add($"{path}/{name}", "error.expected.jsarray of strings");
        return null;
    }

    public ImmutableSortedDictionary<string, string> StringMap(string name)
    {
        var map = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        if (!Get(name, out var value)) return map.ToImmutable();
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{path}/{name}", "error.expected.jsobject");
            return map.ToImmutable();
        }
        foreach (var entry in value.EnumerateObject())
        {
            // Marathon's env also takes {"secret": ...} values; only plain strings are supported here.
            if (entry.Value.ValueKind == JsonValueKind.String) map[entry.Name] = entry.Value.GetString()!;
            else errors.Add($"{path}/{name}/{entry.Name}", "error.expected.jsstring");
        }
        return map.ToImmutable();
    }

    public JsonFields? Object(string name)
    {
        if (!Get(name, out var value)) return null;
        if (value.ValueKind == JsonValueKind.Object) return new JsonFields(value, $"{path}/{name}", errors);
        errors.Add($"{path}/{name}", "error.expected.jsobject");
        return null;
    }

    /// <summary>Each element of an array field read by <paramref name="read"/>, paths as Marathon writes them (`/fetch(0)`).</summary>
    public ImmutableArray<T> Objects<T>(string name, Func<JsonFields, T> read)
    {
        if (!Get(name, out var value)) return [];
        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add($"{path}/{name}", "error.expected.jsarray");
            return [];
        }
        var items = ImmutableArray.CreateBuilder<T>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var itemPath = $"{path}/{name}({index++})";
            if (item.ValueKind == JsonValueKind.Object) items.Add(read(new JsonFields(item, itemPath, errors)));
            else errors.Add(itemPath, "error.expected.jsobject");
        }
        return items.ToImmutable();
    }

    /// <summary>The raw elements of an array field.</summary>
    public IReadOnlyList<JsonElement>? Array(string name)
    {
        if (!Get(name, out var value)) return null;
        if (value.ValueKind == JsonValueKind.Array) return [.. value.EnumerateArray()];
        errors.Add($"{path}/{name}", "error.expected.jsarray");
        return null;
    }

    public void Error(string name, string error) => errors.Add(name.Length == 0 ? path : $"{path}/{name}", error);

    private bool Get(string name, out JsonElement value) =>
        element.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;
}
