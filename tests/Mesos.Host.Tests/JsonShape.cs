using System.Text.Json;

namespace Mesos.Host.Tests;

/// <summary>
/// The shape of a JSON document: every key path with the kind of its value (<c>frameworks[].tasks[].state: String</c>),
/// array elements merged under <c>[]</c>. Two answers have the same shape when clients can read them the same way,
/// whatever their ids, times and counts.
/// </summary>
internal static class JsonShape
{
    public static SortedSet<string> Of(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Of(document.RootElement);
    }

    public static SortedSet<string> Of(JsonElement root)
    {
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        Walk(root, "", paths);
        return paths;
    }

    private static void Walk(JsonElement element, string path, SortedSet<string> paths)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Walk(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}", paths);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray()) Walk(item, path + "[]", paths);
                break;
            default:
                // true and false are one kind to a reader, as are all numbers.
                var kind = element.ValueKind is JsonValueKind.True or JsonValueKind.False ? "Boolean" : element.ValueKind.ToString();
                paths.Add($"{(path.Length == 0 ? "." : path)}: {kind}");
                break;
        }
    }
}
