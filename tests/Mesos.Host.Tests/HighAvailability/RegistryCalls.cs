extern alias testkit;

using System.Globalization;
using System.Text.Json;
using testkit::Mesos.TestKit.Linearizability;

namespace Mesos.Host.Tests.HighAvailability;

/// <summary>
/// The registry's state as operators change and read it, as registers for the linearizability checker: a
/// role's weight (<c>weight/role</c>), a role's cpus limit (<c>quota/role</c>, absent once removed), and
/// whether an agent was admitted (<c>agent/hostname</c>). Each call is a JSON request to the operator or
/// agent API, and what its answer says of those registers.
/// </summary>
internal static class RegistryCalls
{
    public static readonly string[] WeightRoles = ["w0", "w1"];
    public static readonly string[] QuotaRoles = ["q0", "q1"];

    /// <summary>A change: where it goes, its body, and the one register it writes.</summary>
    public sealed record Write(string Path, string Body, KeyValueInput Input);

    public static Write SetWeight(string role, double weight) => new("/master/api/v1",
        $$$"""{"type":"UPDATE_WEIGHTS","update_weights":{"weight_infos":[{"role":"{{{role}}}","weight":{{{Number(weight)}}}}]}}""",
        new KeyValueInput(KeyValueOp.Put, $"weight/{role}", Number(weight)));

    public static Write SetQuota(string role, double cpus) => new("/master/api/v1",
        $$$$"""{"type":"UPDATE_QUOTA","update_quota":{"force":true,"quota_configs":[{"role":"{{{{role}}}}","limits":{"cpus":{"value":{{{{Number(cpus)}}}}}}}]}}""",
        new KeyValueInput(KeyValueOp.Put, $"quota/{role}", Number(cpus)));

    /// <summary>A quota config without guarantees or limits removes the role's quota, as in Mesos.</summary>
    public static Write RemoveQuota(string role) => new("/master/api/v1",
        $$$"""{"type":"UPDATE_QUOTA","update_quota":{"force":true,"quota_configs":[{"role":"{{{role}}}"}]}}""",
        new KeyValueInput(KeyValueOp.Put, $"quota/{role}", null));

    /// <summary>An agent that subscribes once (the master admits it into the registry before it answers) and goes away.</summary>
    public static Write AdmitAgent(string hostname) => new("/api/v1/agent",
        $$$$"""{"type":"SUBSCRIBE","subscribe":{"agent_info":{"hostname":"{{{{hostname}}}}","port":5051,"resources":[{"name":"cpus","type":"SCALAR","scalar":{"value":1}}]}}}""",
        new KeyValueInput(KeyValueOp.Put, $"agent/{hostname}", "admitted"));

    /// <summary>The reads: a call and what its answer says of each register it covers.</summary>
    public sealed record Read(string Body, Func<JsonElement, IEnumerable<(string Key, string? Value)>> Values);

    public static readonly Read Weights = new("""{"type":"GET_WEIGHTS"}""", answer =>
    {
        var weights = Array(answer, "get_weights", "weight_infos")
            .ToDictionary(w => w.GetProperty("role").GetString()!, w => Number(w.GetProperty("weight").GetDouble()), StringComparer.Ordinal);
        return WeightRoles.Select(role => ($"weight/{role}", weights.GetValueOrDefault(role)));
    });

    public static readonly Read Quotas = new("""{"type":"GET_QUOTA"}""", answer =>
    {
        var limits = Array(answer, "get_quota", "status", "configs")
            .Where(c => c.TryGetProperty("limits", out var l) && l.TryGetProperty("cpus", out _))
            .ToDictionary(c => c.GetProperty("role").GetString()!, c => Number(Scalar(c.GetProperty("limits").GetProperty("cpus"))), StringComparer.Ordinal);
        return QuotaRoles.Select(role => ($"quota/{role}", limits.GetValueOrDefault(role)));
    });

    /// <summary>Agents admitted, registered now or recovered from the registry by a new leader; <paramref name="hostnames"/> are those asked about.</summary>
    public static Read Agents(Func<IReadOnlyCollection<string>> hostnames) => new("""{"type":"GET_AGENTS"}""", answer =>
    {
        var known = Array(answer, "get_agents", "agents").Select(a => a.GetProperty("agent_info").GetProperty("hostname").GetString())
            .Concat(Array(answer, "get_agents", "recovered_agents").Select(a => a.GetProperty("hostname").GetString()))
            .ToHashSet(StringComparer.Ordinal);
        return hostnames().Select(h => ($"agent/{h}", known.Contains(h) ? "admitted" : (string?)null));
    });

    // A quota's limits map names to Value.Scalar, which the master writes as a bare number.
    private static double Scalar(JsonElement value) => value.ValueKind == JsonValueKind.Number ? value.GetDouble() : value.GetProperty("value").GetDouble();

    /// <summary>The array at <paramref name="path"/>; protobuf's JSON leaves empty ones out.</summary>
    private static IEnumerable<JsonElement> Array(JsonElement answer, params string[] path)
    {
        foreach (var name in path)
        {
            if (!answer.TryGetProperty(name, out answer)) return [];
        }
        return answer.EnumerateArray().ToList();
    }

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
