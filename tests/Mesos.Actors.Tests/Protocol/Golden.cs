using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;

namespace Mesos.Actors.Tests.Protocol;

/// <summary>What a real Mesos 1.11 master and agent answered; copied beside this file.</summary>
internal static class Golden
{
    public static byte[] Bytes(string name) => File.ReadAllBytes(System.IO.Path.Combine(Directory(), "Golden", name));

    public static string Text(string name) => Encoding.UTF8.GetString(Bytes(name));

    /// <summary>
    /// The JSON with empty arrays removed and numbers as doubles: Mesos' hand-written writers
    /// emit some empty repeated fields that a reflection-based writer (ours, and Mesos' own
    /// for other messages) omits, and "1.0" versus "1" is formatting, not content.
    /// </summary>
    public static JsonNode? Normalized(string json) => Normalize(JsonNode.Parse(json));

    private static JsonNode? Normalize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var result = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    if (value is JsonArray { Count: 0 })
                    {
                        continue;
                    }

                    result[key] = Normalize(value);
                }

                return result;
            case JsonArray array:
                return new JsonArray(array.Select(Normalize).ToArray());
            case JsonValue value when value.TryGetValue<double>(out var number):
                return JsonValue.Create(number);
            default:
                return node?.DeepClone();
        }
    }

    private static string Directory([CallerFilePath] string path = "") => System.IO.Path.GetDirectoryName(path)!;
}
