using System.Text.Json;
using Mesos.Actors.Protocol;
using Mesos.Actors.Protocol.Json;
using Mesos.V1.Master;

namespace Mesos.Host.Http.V0;

/// <summary>Mesos' v0 <c>/master/roles</c> and <c>/master/weights</c> bodies, from the v1 answers.</summary>
internal static class RolesJson
{
    public static void WriteRoles(Utf8JsonWriter w, Response.Types.GetRoles roles)
    {
        w.WriteStartObject();
        w.WriteStartArray("roles");
        foreach (var role in roles.Roles)
        {
            w.WriteStartObject();
            w.WriteString("name", role.Name);
            w.WritePropertyName("weight");
            JsonNumbers.WriteDouble(w, role.Weight);
            w.WriteStartArray("frameworks");
            foreach (var framework in role.Frameworks) w.WriteStringValue(framework.Value);
            w.WriteEndArray();
            w.WritePropertyName("resources");
            Resources.FromProtos(role.Resources).Unallocated().WriteFlatJson(w);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void WriteWeights(Utf8JsonWriter w, Response.Types.GetWeights weights)
    {
        w.WriteStartArray();
        foreach (var info in weights.WeightInfos) MesosJson.Write(w, info);
        w.WriteEndArray();
    }
}
