using Akka.Hosting;
using System.Threading.Channels;
using Mesos.Actors.Agent;
using Mesos.Actors.Protocol;
using Akka.Actor;
using Mesos.Host.Http;
using Mesos.V1.Executor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Mesos.Host.Agent;

/// <summary>
/// POST /api/v1/executor on the agent (also under /slave(1)): the Mesos v1 executor API. SUBSCRIBE answers
/// 200 with the executor's event stream; other calls answer 202, 400 (malformed, unknown framework or
/// executor) or 403 (not subscribed yet).
/// </summary>
internal static class ExecutorApi
{
    public const string Path = "/api/v1/executor";

    private static readonly LargeCalls<Call> Large = new(c => c.Type, Call.Types.Type.Subscribe, Call.Types.Type.Update, Call.Types.Type.Message);

    public static void MapExecutorApi(this IEndpointRouteBuilder app, IRequiredActor<AgentActor> agent, RequestBodies bodies)
    {
        app.MapPost(Path, (HttpContext context) => Handle(context, agent.ActorRef, bodies));
    }

    private static async Task Handle(HttpContext context, IActorRef agent, RequestBodies bodies)
    {
        var (call, format) = await ApiRequest.Decode(context, bodies, Large);
        if (call is null) return;

        if (call.Type != Call.Types.Type.Subscribe)
        {
            await ApiRequest.Answer(context, await agent.Ask<object>(new ExecutorCallReceived(call), ApiRequest.AskTimeout, context.RequestAborted));
            return;
        }
        var events = Channel.CreateUnbounded<Event>(new UnboundedChannelOptions { SingleReader = true });
        await EventStreamResponse.Subscribe<Event, CallAccepted>(context, format, agent, events,
            writer => new SubscribeExecutor(call, writer),
            _ => null,
            _ => new ExecutorStreamClosed(call.FrameworkId, call.ExecutorId, events.Writer));
    }
}
