using System.Text.Json;
using Mesos.Actors.Master.Operator;
using Mesos.Actors.Protocol.Json;
using Mesos.Host.Http.V0;

namespace Mesos.Host.Master.V0;

/// <summary>The body of <c>/master/offer-diagnosis</c>, in the style of the v0 endpoints: flat resources, times in seconds.</summary>
internal static class OfferDiagnosisJson
{
    public static void Write(Utf8JsonWriter w, OfferDiagnosis d)
    {
        w.WriteStartObject();
        w.WriteString("framework_id", d.FrameworkId);
        w.WriteBoolean("connected", d.Connected);
        w.WriteBoolean("active", d.AllocatorActive);
        w.WriteBoolean("allocation_paused", d.AllocationPaused);
        w.WriteStartArray("suppressed_roles");
        foreach (var role in d.SuppressedRoles) w.WriteStringValue(role);
        w.WriteEndArray();
        w.WriteStartArray("roles");
        foreach (var role in d.Roles)
        {
            w.WriteStartObject();
            w.WriteString("role", role.Role);
            V0Json.Number(w, "weight", role.Weight);
            V0Json.Number(w, "share", role.RoleShare);
            V0Json.Number(w, "framework_share", role.FrameworkShare);
            w.WriteBoolean("suppressed", role.Suppressed);
            Amounts(w, "allocated", role.Held);
            w.WriteStartObject("quota");
            Amounts(w, "guarantee", role.Guarantees);
            Amounts(w, "limit", role.Limits);
            Amounts(w, "consumed", role.Consumed);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("offers");
        foreach (var offer in d.Offers)
        {
            w.WriteStartObject();
            w.WriteString("id", offer.OfferId);
            w.WriteString("slave_id", offer.AgentId);
            w.WriteString("role", offer.Role);
            V0Json.Flat(w, "resources", offer.Resources);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("filters");
        foreach (var filter in d.Filters)
        {
            w.WriteStartObject();
            w.WriteString("slave_id", filter.AgentId);
            w.WriteString("role", filter.Role);
            V0Json.Flat(w, "resources", filter.Refused);
            V0Json.Number(w, "expires", V0Json.Seconds(filter.Expires));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("recent_declines");
        foreach (var declined in d.RecentDeclines)
        {
            w.WriteStartObject();
            w.WriteString("offer_id", declined.OfferId);
            w.WriteString("slave_id", declined.AgentId);
            w.WriteString("role", declined.Role);
            V0Json.Flat(w, "resources", declined.Resources);
            V0Json.Number(w, "time", V0Json.Seconds(declined.Time));
            V0Json.Number(w, "refuse_seconds", declined.RefuseSeconds);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        Amounts(w, "free_unreserved", d.FreeUnreserved);
        w.WriteStartArray("min_allocatable_resources");
        foreach (var alternative in d.MinAllocatable)
        {
            w.WriteStartObject();
            foreach (var (name, amount) in alternative) V0Json.Number(w, name, amount);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Amounts(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, double> amounts)
    {
        w.WriteStartObject(name);
        foreach (var (resource, amount) in amounts.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            w.WritePropertyName(resource);
            JsonNumbers.WriteDouble(w, amount);
        }
        w.WriteEndObject();
    }
}
