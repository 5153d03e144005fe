using System.Globalization;
using Mesos.Host.Http;
using Akka.Hosting;
using System.Threading.Channels;
using Mesos.Actors.Master;
using Mesos.Actors.Master.Validation;
using Mesos.Actors.Protocol;
using Akka.Actor;
using Mesos.V1.Scheduler;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Mesos.Host.Master;

/// <summary>POST /api/v1/scheduler: the Mesos v1 scheduler API. Decodes, hands the call to the master, answers.</summary>
internal static class SchedulerApi
{
    private static readonly LargeCalls<Call> Large = new(c => c.Type,
        Call.Types.Type.Accept, Call.Types.Type.Message, Call.Types.Type.Reconcile, Call.Types.Type.ReconcileOperations);

    public static void MapSchedulerApi(this IEndpointRouteBuilder app, IRequiredActor<MasterActor> master, RequestBodies bodies) =>
        app.MapPost("/api/v1/scheduler", (HttpContext context) => Handle(context, master.ActorRef, bodies));

    private static async Task Handle(HttpContext context, IActorRef master, RequestBodies bodies)
    {
        var (call, format) = await ApiRequest.Decode(context, bodies, Large);
        if (call is null) return;

        if (call.Type == Call.Types.Type.Subscribe)
        {
            await Subscribe(context, master, call, format);
            return;
        }
        if (call.UpdateFramework?.FrameworkInfo is { } updated && SubscriptionValidator.ValidateFramework(updated) is { } invalid)
        {
            await HttpAnswers.Text(context, StatusCodes.Status400BadRequest, invalid);
            return;
        }
        var reply = await master.Ask<object>(new SchedulerCall(call, ApiRequest.StreamId(context)), ApiRequest.AskTimeout, context.RequestAborted);
        await ApiRequest.Answer(context, reply, call.Type == Call.Types.Type.UpdateFramework ? StatusCodes.Status200OK : StatusCodes.Status202Accepted);
    }

    private static async Task Subscribe(HttpContext context, IActorRef master, Call call, BodyFormat format)
    {
        if (call.Subscribe?.FrameworkInfo is null)
        {
            await HttpAnswers.Text(context, StatusCodes.Status400BadRequest, "Expecting 'subscribe' to be present");
            return;
        }
        if (call.FrameworkId is { } id && call.Subscribe.FrameworkInfo.Id?.Value != id.Value)
        {
            await HttpAnswers.Text(context, StatusCodes.Status400BadRequest, "'framework_id' differs from 'subscribe.framework_info.id'");
            return;
        }
        if (SubscriptionValidator.ValidateFramework(call.Subscribe.FrameworkInfo) is { } invalid)
        {
            await HttpAnswers.Text(context, StatusCodes.Status400BadRequest, invalid);
            return;
        }

        await EventStreamResponse.Subscribe<Event, FrameworkSubscribed>(context, format, master,
            Channel.CreateUnbounded<Event>(new UnboundedChannelOptions { SingleReader = true }),
            events => new SubscribeFramework(call.Subscribe, events),
            subscribed => subscribed.StreamId,
            subscribed => new FrameworkStreamClosed(subscribed.FrameworkId, subscribed.StreamId),
            // Frameworks refuse the stream of a master older than a leader they heard (a deposed one).
            (subscribed, headers) => headers[MasterEpochHeader.Name] = subscribed.Epoch.ToString(CultureInfo.InvariantCulture));
    }
}
