using System.Text.Json;
using Mesos.Actors.Master;
using Mesos.Actors.Master.Operator;
using Mesos.Actors.Master.Roles;
using Mesos.Actors.Protocol.Json;
using Mesos.Actors.Runtime;
using Mesos.Host.Http.V0;
using Mesos.V1;
using Mesos.V1.Master;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using BodyFormat = Mesos.Actors.Protocol.BodyFormat;
using Task = System.Threading.Tasks.Task;

namespace Mesos.Host.Http;

/// <summary>
/// Role weights and quotas: v1 UPDATE_WEIGHTS and UPDATE_QUOTA, and Mesos' v0 endpoints
/// <c>/master/roles</c>, <c>/master/weights</c> (GET and PUT) and <c>/master/quota</c> (GET).
/// Updates answer 200, or 400 with why, and then nothing has changed.
/// </summary>
internal static class OperatorRoles
{
    public static void MapRoles(this IEndpointRouteBuilder app, IActorRef master)
    {
        foreach (var prefix in new[] { "/master", "" })
        {
            app.MapGet($"{prefix}/roles", (HttpContext c) => Read(c, master, s => w => RolesJson.WriteRoles(w, RoleResponses.Roles(s))));
            app.MapGet($"{prefix}/weights", (HttpContext c) => Read(c, master, s => w => RolesJson.WriteWeights(w, RoleResponses.Weights(s))));
            app.MapPut($"{prefix}/weights", (HttpContext c) => PutWeights(c, master));
            app.MapGet($"{prefix}/quota", async (HttpContext c) =>
            {
                var state = await master.Ask<MasterState>(GetMasterState.Instance, ApiRequest.AskTimeout, c.RequestAborted);
                await HttpAnswers.Message(c, RoleResponses.Quota(state), BodyFormat.Json);
            });
        }
    }

    /// <summary>Answers UPDATE_WEIGHTS or UPDATE_QUOTA; false for any other call.</summary>
    public static async Task<bool> TryHandleUpdate(HttpContext context, IActorRef master, Call call)
    {
        object? request = call.Type switch
        {
            Call.Types.Type.UpdateWeights when call.UpdateWeights is { } update => new UpdateWeights(update.WeightInfos.ToList()),
            Call.Types.Type.UpdateQuota when call.UpdateQuota is { } update => new UpdateQuota(update.QuotaConfigs.ToList(), update.Force),
            _ => null,
        };
        if (request is null)
        {
            if (call.Type is not (Call.Types.Type.UpdateWeights or Call.Types.Type.UpdateQuota)) return false;
            var field = call.Type == Call.Types.Type.UpdateWeights ? "update_weights" : "update_quota";
            await HttpAnswers.Text(context, StatusCodes.Status400BadRequest, $"Expecting '{field}' to be present");
            return true;
        }
        await Send(context, master, request);
        return true;
    }

    private static async Task Read(HttpContext context, IActorRef master, Func<MasterState, Action<Utf8JsonWriter>> write)
    {
        var state = await master.Ask<MasterState>(GetMasterState.Instance, ApiRequest.AskTimeout, context.RequestAborted);
        await HttpAnswers.Json(context, write(state));
    }

    private static async Task PutWeights(HttpContext context, IActorRef master)
    {
        var body = await HttpAnswers.ReadBody(context.Request);
        List<WeightInfo> weights;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Array) throw new JsonException("Expecting a JSON array of weight infos");
            weights = document.RootElement.EnumerateArray().Select(MesosJson.Parse<WeightInfo>).ToList();
        }
        catch (Exception e) when (e is JsonException or MesosJsonException)
        {
            await HttpAnswers.Text(context, StatusCodes.Status400BadRequest, $"Failed to parse the weights: {e.Message}");
            return;
        }
        await Send(context, master, new UpdateWeights(weights));
    }

    private static async Task Send(HttpContext context, IActorRef master, object request)
    {
        var reply = await master.Ask<object>(request, ApiRequest.AskTimeout, context.RequestAborted);
        await ApiRequest.Answer(context, reply, StatusCodes.Status200OK);
    }
}
