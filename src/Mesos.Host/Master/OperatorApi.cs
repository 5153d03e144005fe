using Mesos.Host.Master.V0;
using Mesos.Host.Http;
using Akka.Hosting;
using System.Text.Json;
using System.Threading.Channels;
using Google.Protobuf;
using Mesos.Actors.Master;
using Mesos.Actors.Master.Operator;
using Mesos.Actors.Metrics;
using Mesos.Actors.Protocol;
using Akka.Actor;
using Mesos.Host.Http.V0;
using Mesos.V1.Master;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using BodyFormat = Mesos.Actors.Protocol.BodyFormat;
using Event = Mesos.V1.Master.Event;

namespace Mesos.Host.Master;

/// <summary>
/// What operators ask of the master: the v1 operator API (POST /api/v1, also /api/v1/operator) and
/// the v0 JSON endpoints (/master/state and friends). Both answer from one snapshot of the master;
/// SUBSCRIBE instead opens the operator event stream, which the master writes to.
/// </summary>
internal static class OperatorApi
{
    // Events an operator stream may have queued before the master closes it: far more than a burst of
    // task updates, so only a reader that stopped reading is cut off.
    private const int SubscriberBuffer = 10_000;

    public static void MapOperatorApi(this IEndpointRouteBuilder app, IRequiredActor<MasterActor> master, RequestBodies bodies, IReadOnlyDictionary<string, string> flags)
    {
        foreach (var path in new[] { "/api/v1", "/api/v1/operator" })
        {
            app.MapPost(path, (HttpContext c) => HandleCall(c, master.ActorRef, bodies, flags));
        }
        foreach (var path in new[] { "/state", "/state.json" })
        {
            app.MapGet(path, (HttpContext c) => V0(c, master.ActorRef, (w, s) => StateJson.WriteState(w, s, flags)));
        }
        app.MapGet("/state-summary", (HttpContext c) => V0(c, master.ActorRef, (w, s) => StateJson.WriteSummary(w, s, flags)));
        app.MapGet("/frameworks", (HttpContext c) => V0(c, master.ActorRef, StateJson.WriteFrameworksOnly));
        app.MapGet("/slaves", (HttpContext c) => V0(c, master.ActorRef, (w, s) => StateJson.WriteAgentsOnly(w, s, c.Request.Query["slave_id"] is [{ } id] ? id : null)));
        app.MapGet("/tasks", (HttpContext c) =>
        {
            var (listing, error) = TaskListing.From(c.Request.Query);
            return listing is null
                ? HttpAnswers.Text(c, StatusCodes.Status400BadRequest, error!)
                : V0(c, master.ActorRef, (w, s) => StateJson.WriteTasksOnly(w, s, listing));
        });
        app.MapGet("/metrics/snapshot", (HttpContext c) => V0(c, master.ActorRef, (w, s) => MetricsJson.Write(w, MasterMetrics.Snapshot(s, TimeProvider.System.GetUtcNow()))));
        app.MapTeardown(master, bodies);
        app.MapReservations(master, bodies);
        app.MapRoles(master, bodies);
        app.MapOfferDiagnosis(master);
    }

    private static async Task V0(HttpContext context, IActorRef master, Action<Utf8JsonWriter, MasterState> write)
    {
        var state = await master.Ask<MasterState>(GetMasterState.Instance, ApiRequest.AskTimeout, context.RequestAborted);
        await HttpAnswers.Json(context, w => write(w, state));
    }

    private static async Task HandleCall(HttpContext context, IActorRef master, RequestBodies bodies, IReadOnlyDictionary<string, string> flags)
    {
        var (call, format) = await ApiRequest.Decode<Call>(context, bodies);
        if (call is null) return;
        if (call.Type == Call.Types.Type.Teardown)
        {
            if (call.Teardown?.FrameworkId is { } frameworkId) await OperatorTeardown.Handle(context, master, frameworkId);
            else await HttpAnswers.Text(context, StatusCodes.Status400BadRequest, "Expecting 'teardown' to be present");
            return;
        }
        if (call.Type == Call.Types.Type.MarkAgentGone)
        {
            if (call.MarkAgentGone?.AgentId is { } agentId)
            {
                var reply = await master.Ask<object>(new DeclareAgentGone(agentId), ApiRequest.AskTimeout, context.RequestAborted);
                await ApiRequest.Answer(context, reply, StatusCodes.Status200OK);
            }
            else await HttpAnswers.Text(context, StatusCodes.Status400BadRequest, "Expecting 'mark_agent_gone.agent_id' to be present");
            return;
        }
        if (call.Type is Call.Types.Type.ReserveResources or Call.Types.Type.UnreserveResources)
        {
            await OperatorReservations.Handle(context, master, call);
            return;
        }
        if (call.Type == Call.Types.Type.Subscribe)
        {
            await Subscribe(context, master, format);
            return;
        }
        if (await OperatorRoles.TryHandleUpdate(context, master, call)) return;
        if (call.Type == Call.Types.Type.GetMetrics && call.GetMetrics is null)
        {
            await HttpAnswers.Text(context, StatusCodes.Status400BadRequest, "Expecting 'get_metrics' to be present");
            return;
        }
        var response = await Answer(call, master, flags, context.RequestAborted);
        if (response is null)
        {
            await HttpAnswers.Text(context, StatusCodes.Status400BadRequest, $"Unsupported operator call {ProtoNames.Of(call.Type)}");
            return;
        }
        await HttpAnswers.Message(context, response, format);
    }

    private static async Task Subscribe(HttpContext context, IActorRef master, BodyFormat format)
    {
        await EventStreamResponse.Subscribe<Event, OperatorSubscribed>(context, format, master,
            Channel.CreateBounded<Event>(new BoundedChannelOptions(SubscriberBuffer) { SingleReader = true }),
            events => new SubscribeOperator(events),
            _ => null,
            subscribed => new OperatorStreamClosed(subscribed.StreamId));
    }

    private static async Task<IMessage?> Answer(Call call, IActorRef master, IReadOnlyDictionary<string, string> flags, CancellationToken cancel)
    {
        switch (call.Type)
        {
            case Call.Types.Type.GetHealth:
                return new Response { Type = Response.Types.Type.GetHealth, GetHealth = new() { Healthy = true } };
            case Call.Types.Type.GetVersion:
                return new Response
                {
                    Type = Response.Types.Type.GetVersion,
                    GetVersion = new() { VersionInfo = VersionInfo.ToProto() },
                };
            case Call.Types.Type.GetFlags:
                var getFlags = new Response.Types.GetFlags();
                getFlags.Flags.AddRange(FlagProtos.Of(flags));
                return new Response { Type = Response.Types.Type.GetFlags, GetFlags = getFlags };
        }

        var state = await master.Ask<MasterState>(GetMasterState.Instance, ApiRequest.AskTimeout, cancel);
        return call.Type switch
        {
            Call.Types.Type.GetState => new Response { Type = Response.Types.Type.GetState, GetState = OperatorResponses.State(state) },
            Call.Types.Type.GetAgents => new Response { Type = Response.Types.Type.GetAgents, GetAgents = OperatorResponses.Agents(state) },
            Call.Types.Type.GetFrameworks => new Response { Type = Response.Types.Type.GetFrameworks, GetFrameworks = OperatorResponses.Frameworks(state) },
            Call.Types.Type.GetTasks => new Response { Type = Response.Types.Type.GetTasks, GetTasks = OperatorResponses.Tasks(state) },
            Call.Types.Type.GetExecutors => new Response { Type = Response.Types.Type.GetExecutors, GetExecutors = OperatorResponses.Executors(state) },
            Call.Types.Type.GetMaster => new Response { Type = Response.Types.Type.GetMaster, GetMaster = OperatorResponses.Master(state) },
            Call.Types.Type.GetRoles => new Response { Type = Response.Types.Type.GetRoles, GetRoles = RoleResponses.Roles(state) },
            Call.Types.Type.GetWeights => new Response { Type = Response.Types.Type.GetWeights, GetWeights = RoleResponses.Weights(state) },
            Call.Types.Type.GetQuota => new Response { Type = Response.Types.Type.GetQuota, GetQuota = new() { Status = RoleResponses.Quota(state) } },
            Call.Types.Type.GetMetrics => new Response
            {
                Type = Response.Types.Type.GetMetrics,
                GetMetrics = new() { Metrics = { Snapshots.ToProtos(MasterMetrics.Snapshot(state, TimeProvider.System.GetUtcNow())) } },
            },
            _ => null,
        };
    }
}
