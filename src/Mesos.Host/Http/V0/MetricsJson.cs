using System.Text.Json;
using Mesos.Actors.Protocol.Json;

namespace Mesos.Host.Http.V0;

/// <summary><c>/metrics/snapshot</c>: one JSON object of metric names and numbers, as Mesos writes it.</summary>
internal static class MetricsJson
{
    public static void Write(Utf8JsonWriter w, IReadOnlyDictionary<string, double> metrics)
    {
        w.WriteStartObject();
        foreach (var (name, value) in metrics)
        {
            w.WritePropertyName(name);
            JsonNumbers.WriteDouble(w, value);
        }
        w.WriteEndObject();
    }
}
