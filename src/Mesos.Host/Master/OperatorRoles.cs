using Mesos.Host.Master.V0;
using Mesos.Host.Http;
using Akka.Hosting;
using System.Text.Json;
using Mesos.Actors.Master;
using Mesos.Actors.Master.Operator;
using Mesos.Actors.Master.Roles;
using Mesos.Actors.Protocol.Json;
using Akka.Actor;
using Mesos.Host.Http.V0;
using Mesos.V1;
using Mesos.V1.Master;
using Mesos.V1.Quota;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using BodyFormat = Mesos.Actors.Protocol.BodyFormat;
using Task = System.Threading.Tasks.Task;

namespace Mesos.Host.Master;

/// <summary>
/// Role weights and quotas: v1 UPDATE_WEIGHTS and UPDATE_QUOTA (and the deprecated SET_QUOTA and
/// REMOVE_QUOTA), and Mesos' v0 endpoints <c>/master/roles</c>, <c>/master/weights</c> (GET and PUT)
/// and <c>/master/quota</c> (GET; POST a QuotaRequest; DELETE <c>/master/quota/ROLE</c>).
/// Updates answer 200, or 400 with why, and then nothing has changed.
/// </summary>
internal static class OperatorRoles
{
    public static void MapRoles(this IEndpointRouteBuilder app, IRequiredActor<MasterActor> master, RequestBodies bodies)
    {
        app.MapGet("/roles", (HttpContext c) => Read(c, master.ActorRef, s => w => RolesJson.WriteRoles(w, RoleResponses.Summaries(s))));
        app.MapGet("/weights", (HttpContext c) => Read(c, master.ActorRef, s => w => RolesJson.WriteWeights(w, RoleResponses.Weights(s))));
        app.MapPut("/weights", (HttpContext c) => PutWeights(c, master.ActorRef, bodies));
        app.MapGet("/quota", async (HttpContext c) =>
        {
            var state = await master.ActorRef.Ask<MasterState>(GetMasterState.Instance, ApiRequest.AskTimeout, c.RequestAborted);
            await HttpAnswers.Message(c, RoleResponses.Quota(state), BodyFormat.Json);
        });
        app.MapPost("/quota", (HttpContext c) => PostQuota(c, master.ActorRef, bodies));
        app.MapDelete("/quota/{**role}", (HttpContext c, string role) => Send(c, master.ActorRef, new RemoveQuota(role)));
    }

    /// <summary>Answers UPDATE_WEIGHTS, UPDATE_QUOTA, SET_QUOTA or REMOVE_QUOTA; false for any other call.</summary>
    public static async Task<bool> TryHandleUpdate(HttpContext context, IActorRef master, Call call)
    {
        (object? Request, string Field)? update = call.Type switch
        {
            Call.Types.Type.UpdateWeights => (call.UpdateWeights is { } u ? new UpdateWeights(u.WeightInfos.ToList()) : null, "update_weights"),
            Call.Types.Type.UpdateQuota => (call.UpdateQuota is { } u ? new UpdateQuota(u.QuotaConfigs.ToList(), u.Force) : null, "update_quota"),
            Call.Types.Type.SetQuota => (call.SetQuota?.QuotaRequest is { } r ? new SetQuota(r) : null, "set_quota"),
            Call.Types.Type.RemoveQuota => (call.RemoveQuota is { HasRole: true } r ? new RemoveQuota(r.Role) : null, "remove_quota"),
            _ => null,
        };
        if (update is not { } known) return false;
        if (known.Request is null) await HttpAnswers.Text(context, StatusCodes.Status400BadRequest, $"Expecting '{known.Field}' to be present");
        else await Send(context, master, known.Request);
        return true;
    }

    private static async Task Read(HttpContext context, IActorRef master, Func<MasterState, Action<Utf8JsonWriter>> write)
    {
        var state = await master.Ask<MasterState>(GetMasterState.Instance, ApiRequest.AskTimeout, context.RequestAborted);
        await HttpAnswers.Json(context, write(state));
    }

    private static async Task PutWeights(HttpContext context, IActorRef master, RequestBodies bodies)
    {
        var body = await bodies.Read(context, bodies.Limits.MaxSmallBodyBytes);
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

    private static async Task PostQuota(HttpContext context, IActorRef master, RequestBodies bodies)
    {
        var body = await bodies.Read(context, bodies.Limits.MaxSmallBodyBytes);
        QuotaRequest request;
        try
        {
            request = MesosJson.Parse<QuotaRequest>(body);
        }
        catch (Exception e) when (e is JsonException or MesosJsonException)
        {
            await HttpAnswers.Text(context, StatusCodes.Status400BadRequest, $"Failed to parse the quota request: {e.Message}");
            return;
        }
        await Send(context, master, new SetQuota(request));
    }

    private static async Task Send(HttpContext context, IActorRef master, object request)
    {
        var reply = await master.Ask<object>(request, ApiRequest.AskTimeout, context.RequestAborted);
        await ApiRequest.Answer(context, reply, StatusCodes.Status200OK);
    }
}
