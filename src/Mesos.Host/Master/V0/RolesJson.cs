using Mesos.Host.Http;
using System.Text.Json;
using Mesos.Actors.Protocol;
using Mesos.Actors.Protocol.Json;
using Mesos.Actors.Master.Operator;
using Mesos.V1;
using Mesos.V1.Master;

namespace Mesos.Host.Master.V0;

/// <summary>Mesos' v0 <c>/master/roles</c> and <c>/master/weights</c> bodies, from the v1 answers.</summary>
internal static class RolesJson
{
    /// <summary>Mesos 1.9+'s shape: each role with its allocated, offered and reserved resources, and its quota.</summary>
    public static void WriteRoles(Utf8JsonWriter w, IReadOnlyList<RoleSummary> roles)
    {
        w.WriteStartObject();
        w.WriteStartArray("roles");
        foreach (var role in roles)
        {
            w.WriteStartObject();
            w.WriteString("name", role.Name);
            w.WritePropertyName("weight");
            JsonNumbers.WriteDouble(w, role.Weight);
            w.WriteStartArray("frameworks");
            foreach (var framework in role.Frameworks) w.WriteStringValue(framework.Value);
            w.WriteEndArray();
            Flat(w, "resources", role.Allocated + role.Offered);
            Flat(w, "allocated", role.Allocated);
            Flat(w, "offered", role.Offered);
            Flat(w, "reserved", role.Reserved);
            w.WriteStartObject("quota");
            w.WriteString("role", role.Name);
            Amounts(w, "guarantee", role.Quota?.Guarantees);
            Amounts(w, "limit", role.Quota?.Limits);
            Flat(w, "consumed", role.Consumed.Filter(r => r.Type == Value.Types.Type.Scalar).Flatten());
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Flat(Utf8JsonWriter w, string name, Resources resources)
    {
        w.WritePropertyName(name);
        resources.WriteFlatJson(w);
    }

    private static void Amounts(Utf8JsonWriter w, string name, IDictionary<string, Value.Types.Scalar>? amounts)
    {
        w.WriteStartObject(name);
        foreach (var (resource, amount) in amounts ?? new Dictionary<string, Value.Types.Scalar>())
        {
            w.WritePropertyName(resource);
            JsonNumbers.WriteDouble(w, amount.Value);
        }
        w.WriteEndObject();
    }

    public static void WriteWeights(Utf8JsonWriter w, Response.Types.GetWeights weights)
    {
        w.WriteStartArray();
        foreach (var info in weights.WeightInfos) MesosJson.Write(w, info);
        w.WriteEndArray();
    }
}
