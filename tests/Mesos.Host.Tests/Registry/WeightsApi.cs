using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mesos.Host.Tests.Registry;

/// <summary>Role weights on a master, as an operator sets and reads them: the registry's writes that the tests count.</summary>
internal static class WeightsApi
{
    /// <summary>UPDATE_WEIGHTS of one role: the status and body of the master's answer.</summary>
    public static async Task<(HttpStatusCode Status, string Body)> Update(HttpClient http, string master, string role, double weight, CancellationToken cancel = default)
    {
        var weights = new JsonArray(new JsonObject { ["role"] = role, ["weight"] = weight });
        var body = new JsonObject { ["type"] = "UPDATE_WEIGHTS", ["update_weights"] = new JsonObject { ["weight_infos"] = weights } }.ToJsonString();
        using var response = await http.PostAsync($"http://{master}/api/v1", new StringContent(body, Encoding.UTF8, "application/json"), cancel);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(cancel));
    }

    /// <summary>Every weight the master holds, from /master/weights.</summary>
    public static async Task<Dictionary<string, double>> Get(HttpClient http, string master)
    {
        var weights = JsonDocument.Parse(await http.GetStringAsync($"http://{master}/master/weights")).RootElement;
        return weights.EnumerateArray().ToDictionary(w => w.GetProperty("role").GetString()!, w => w.GetProperty("weight").GetDouble());
    }
}
