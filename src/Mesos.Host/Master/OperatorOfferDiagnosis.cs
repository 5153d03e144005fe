using Akka.Actor;
using Akka.Hosting;
using Mesos.Actors.Master;
using Mesos.Actors.Master.Operator;
using Mesos.Host.Http;
using Mesos.Host.Master.V0;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Mesos.Host.Master;

/// <summary>
/// <c>GET /master/offer-diagnosis?framework_id=ID</c>: why a framework is or is not offered resources (its
/// connection, suppressed roles, its roles' shares and quota, live offer filters, offers held and declined
/// lately, what is free). Mesos has no endpoint for this; its metrics give only counts. 400 without an id,
/// 404 for a framework that is not subscribed.
/// </summary>
internal static class OperatorOfferDiagnosis
{
    public static void MapOfferDiagnosis(this IEndpointRouteBuilder app, IRequiredActor<MasterActor> master) =>
        app.MapGet("/offer-diagnosis", (HttpContext c) => Handle(c, master.ActorRef));

    private static async Task Handle(HttpContext context, IActorRef master)
    {
        if (context.Request.Query["framework_id"] is not [{ Length: > 0 } id])
        {
            await HttpAnswers.Text(context, StatusCodes.Status400BadRequest, "Expecting one 'framework_id' query parameter");
            return;
        }
        switch (await master.Ask<object>(new DiagnoseOffers(id), ApiRequest.AskTimeout, context.RequestAborted))
        {
            case OfferDiagnosis diagnosis:
                await HttpAnswers.Json(context, w => OfferDiagnosisJson.Write(w, diagnosis));
                break;
            case UnknownFramework:
                await HttpAnswers.Text(context, StatusCodes.Status404NotFound, "No subscribed framework has this id");
                break;
            case var other:
                await HttpAnswers.Text(context, StatusCodes.Status500InternalServerError, $"Unexpected answer {other}");
                break;
        }
    }
}
