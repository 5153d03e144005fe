using Mesos.Host.Http;
using Akka.Hosting;
using Mesos.Actors.Master;
using Mesos.Actors.Protocol.Json;
using Akka.Actor;
using Mesos.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OperationType = Mesos.V1.Offer.Types.Operation.Types.Type;
using Task = System.Threading.Tasks.Task;

namespace Mesos.Host.Master;

/// <summary>
/// Operators reserve and unreserve an agent's resources dynamically: v1 RESERVE_RESOURCES and
/// UNRESERVE_RESOURCES, or Mesos' v0 form posts <c>POST /master/reserve</c> and <c>/master/unreserve</c>
/// with <c>slaveId</c> and <c>resources</c> (a JSON array of Resource). 202 when done, 400 with the
/// reason for a bad request or resources that are not available (Mesos answers the latter with 409).
/// </summary>
internal static class OperatorReservations
{
    public static void MapReservations(this IEndpointRouteBuilder app, IRequiredActor<MasterActor> master, RequestBodies bodies)
    {
        app.MapPost("/reserve", (HttpContext c) => HandleForm(c, master.ActorRef, bodies, OperationType.Reserve));
        app.MapPost("/unreserve", (HttpContext c) => HandleForm(c, master.ActorRef, bodies, OperationType.Unreserve));
    }

    /// <summary>Answers a v1 RESERVE_RESOURCES or UNRESERVE_RESOURCES call.</summary>
    public static Task Handle(HttpContext context, IActorRef master, V1.Master.Call call)
    {
        var (agentId, resources) = call.Type == V1.Master.Call.Types.Type.ReserveResources
            ? (call.ReserveResources?.AgentId, call.ReserveResources?.Resources)
            : (call.UnreserveResources?.AgentId, call.UnreserveResources?.Resources);
        if (agentId is null || resources is null)
        {
            var field = call.Type == V1.Master.Call.Types.Type.ReserveResources ? "reserve_resources" : "unreserve_resources";
            return HttpAnswers.Text(context, StatusCodes.Status400BadRequest, $"Expecting '{field}' with 'agent_id' to be present");
        }
        var type = call.Type == V1.Master.Call.Types.Type.ReserveResources ? OperationType.Reserve : OperationType.Unreserve;
        return Send(context, master, agentId, Operation(type, resources));
    }

    private static async Task HandleForm(HttpContext context, IActorRef master, RequestBodies bodies, OperationType type)
    {
        if (await bodies.ReadForm(context) is not { } form)
        {
            await HttpAnswers.Text(context, StatusCodes.Status400BadRequest, "Expecting a form body ('application/x-www-form-urlencoded') with 'slaveId' and 'resources'");
            return;
        }
        if (form.GetValueOrDefault("slaveId") is not [{ Length: > 0 } slaveId])
        {
            await HttpAnswers.Text(context, StatusCodes.Status400BadRequest, "Missing 'slaveId' in the request body");
            return;
        }
        if (form.GetValueOrDefault("resources") is not [{ Length: > 0 } json])
        {
            await HttpAnswers.Text(context, StatusCodes.Status400BadRequest, "Missing 'resources' in the request body");
            return;
        }
        Offer.Types.Operation.Types.Unreserve parsed;
        try
        {
            // The form carries a bare JSON array of Resource; wrapped, it is the resources field of a message.
            parsed = MesosJson.Parse<Offer.Types.Operation.Types.Unreserve>($$"""{"resources":{{json}}}""");
        }
        catch (MesosJsonException e)
        {
            await HttpAnswers.Text(context, StatusCodes.Status400BadRequest, $"Failed to parse 'resources': {e.Message}");
            return;
        }
        await Send(context, master, new AgentID { Value = slaveId }, Operation(type, parsed.Resources));
    }

    private static Offer.Types.Operation Operation(OperationType type, IEnumerable<Resource> resources) => type == OperationType.Reserve
        ? new Offer.Types.Operation { Type = type, Reserve = new Offer.Types.Operation.Types.Reserve { Resources = { resources } } }
        : new Offer.Types.Operation { Type = type, Unreserve = new Offer.Types.Operation.Types.Unreserve { Resources = { resources } } };

    private static async Task Send(HttpContext context, IActorRef master, AgentID agentId, Offer.Types.Operation operation)
    {
        var reply = await master.Ask<object>(new UpdateReservations(agentId, operation), ApiRequest.AskTimeout, context.RequestAborted);
        await ApiRequest.Answer(context, reply);
    }
}
