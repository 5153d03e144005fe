using Mesos.Host.Http;
using Akka.Hosting;
using Mesos.Actors.Master;
using Akka.Actor;
using Mesos.V1;
using Task = System.Threading.Tasks.Task;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Mesos.Host.Master;

/// <summary>
/// An operator tears a framework down, killing its tasks: v1 TEARDOWN, or Mesos' v0 form post
/// <c>POST /master/teardown</c> with <c>frameworkId=&lt;id&gt;</c>. Both answer 200, or 400 for an unknown framework.
/// </summary>
internal static class OperatorTeardown
{
    public static void MapTeardown(this IEndpointRouteBuilder app, IRequiredActor<MasterActor> master, RequestBodies bodies) =>
        app.MapPost("/teardown", (HttpContext c) => HandleForm(c, master.ActorRef, bodies));

    public static async Task Handle(HttpContext context, IActorRef master, FrameworkID frameworkId)
    {
        var reply = await master.Ask<object>(new TeardownFramework(frameworkId), ApiRequest.AskTimeout, context.RequestAborted);
        await ApiRequest.Answer(context, reply, StatusCodes.Status200OK);
    }

    private static async Task HandleForm(HttpContext context, IActorRef master, RequestBodies bodies)
    {
        if (await bodies.ReadForm(context) is not { } form)
        {
            await HttpAnswers.Text(context, StatusCodes.Status400BadRequest, "Expecting a form body ('application/x-www-form-urlencoded') with 'frameworkId'");
            return;
        }
        if (form.GetValueOrDefault("frameworkId") is not [{ Length: > 0 } id])
        {
            await HttpAnswers.Text(context, StatusCodes.Status400BadRequest, "Missing 'frameworkId' in the request body");
            return;
        }
        await Handle(context, master, new FrameworkID { Value = id });
    }
}
