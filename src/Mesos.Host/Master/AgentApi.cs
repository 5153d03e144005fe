using Mesos.Host.Http;
using Akka.Hosting;
using System.Threading.Channels;
using Mesos.Actors.Master;
using Mesos.Actors.Master.Validation;
using Mesos.Actors.Protocol;
using Akka.Actor;
using Mesos.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Mesos.Host.Master;

/// <summary>POST /api/v1/agent on the master: agents subscribe here and send their calls (docs/AGENT-PROTOCOL.md).</summary>
internal static class AgentApi
{
    private static readonly LargeCalls<AgentCall> Large = new(c => c.Type,
        AgentCall.Types.Type.Subscribe, AgentCall.Types.Type.Update, AgentCall.Types.Type.Message);

    public static void MapAgentApi(this IEndpointRouteBuilder app, IRequiredActor<MasterActor> master, RequestBodies bodies) =>
        app.MapPost(EndpointPaths.AgentApi, (HttpContext context) => Handle(context, master.ActorRef, bodies));

    private static async Task Handle(HttpContext context, IActorRef master, RequestBodies bodies)
    {
        var (call, format) = await ApiRequest.Decode(context, bodies, Large);
        if (call is null) return;

        if (call.Type != AgentCall.Types.Type.Subscribe)
        {
            var reply = await master.Ask<object>(new AgentCallReceived(call, ApiRequest.StreamId(context)), ApiRequest.AskTimeout, context.RequestAborted);
            await ApiRequest.Answer(context, reply);
            return;
        }
        if (call.Subscribe is null)
        {
            await HttpAnswers.Text(context, StatusCodes.Status400BadRequest, "Expecting 'subscribe' to be present");
            return;
        }
        if (SubscriptionValidator.ValidateAgent(call.Subscribe, call.AgentId) is { } invalid)
        {
            await HttpAnswers.Text(context, StatusCodes.Status400BadRequest, invalid);
            return;
        }

        await EventStreamResponse.Subscribe<AgentEvent, AgentSubscribed>(context, format, master,
            Channel.CreateUnbounded<AgentEvent>(new UnboundedChannelOptions { SingleReader = true }),
            events => new SubscribeAgent(call.Subscribe, call.AgentId, events) { Address = context.Connection.RemoteIpAddress?.MapToIPv4().ToString(), Decoded = true },
            subscribed => subscribed.StreamId,
            subscribed => new AgentStreamClosed(subscribed.AgentId, subscribed.StreamId));
    }
}
