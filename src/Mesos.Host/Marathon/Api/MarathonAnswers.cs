using System.Text.Json;
using Akka.Actor;
using Akka.Hosting;
using Mesos.Host.Http;
using Mesos.Host.Marathon.Apps;
using Mesos.Host.Marathon.Scheduler;
using Mesos.Host.Marathon.State;
using Microsoft.AspNetCore.Http;

namespace Mesos.Host.Marathon.Api;

/// <summary>How Marathon's API answers: JSON bodies, and errors as `{message}` with the status Marathon gives each.</summary>
internal static class MarathonAnswers
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    public static async Task<MarathonActor.View> View(IRequiredActor<MarathonActor> marathon) =>
        await (await marathon.GetAsync()).Ask<MarathonActor.View>(MarathonActor.GetView.Instance, AskTimeout);

    public static async Task<object> Ask(IRequiredActor<MarathonActor> marathon, object command) =>
        await (await marathon.GetAsync()).Ask<object>(command, AskTimeout);

    public static Task Json(HttpContext c, Action<Utf8JsonWriter> write, int status = StatusCodes.Status200OK) =>
        HttpAnswers.Json(c, MarathonJson.Write(write), status);

    public static Task Message(HttpContext c, int status, string message) => Json(c, w =>
    {
        w.WriteStartObject();
        w.WriteString("message", message);
        w.WriteEndObject();
    }, status);

    public static Task Invalid(HttpContext c, IReadOnlyList<ValidationDetail> details, int status = StatusCodes.Status422UnprocessableEntity, string message = "Object is not valid") =>
        Json(c, w =>
        {
            w.WriteStartObject();
            w.WriteString("message", message);
            w.WriteStartArray("details");
            foreach (var detail in details)
            {
                w.WriteStartObject();
                w.WriteString("path", detail.Path);
                w.WriteStartArray("errors");
                foreach (var error in detail.Errors) w.WriteStringValue(error);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }, status);

    public static Task NotJson(HttpContext c, JsonException e) => Invalid(c, [new ValidationDetail("/", [e.Message])], StatusCodes.Status400BadRequest, "Invalid JSON");

    public static Task Deployment(HttpContext c, MarathonActor.DeploymentAccepted accepted, int status = StatusCodes.Status200OK)
    {
        c.Response.Headers["Marathon-Deployment-Id"] = accepted.DeploymentId;
        return Json(c, w =>
        {
            w.WriteStartObject();
            w.WriteString("deploymentId", accepted.DeploymentId);
            w.WriteString("version", AppVersions.Format(accepted.Version));
            w.WriteEndObject();
        }, status);
    }

    /// <summary>Answers a refusal of the scheduler, or returns false when <paramref name="answer"/> is none.</summary>
    public static async Task<bool> Refusal(HttpContext c, object answer)
    {
        if (answer is not MarathonActor.Failed failed) return false;
        switch (failed.Reason)
        {
            case AppLockedException locked:
                await Json(c, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("message", locked.Message);
                    w.WriteStartArray("deployments");
                    foreach (var id in locked.DeploymentIds)
                    {
                        w.WriteStartObject();
                        w.WriteString("id", id);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteEndObject();
                }, StatusCodes.Status409Conflict);
                break;
            case ConflictException conflict:
                await Message(c, StatusCodes.Status409Conflict, conflict.Message);
                break;
            case UnknownException unknown:
                await Message(c, StatusCodes.Status404NotFound, unknown.Message);
                break;
            case AppInvalidException invalid:
                await Invalid(c, invalid.Details);
                break;
            default:
                throw new InvalidOperationException("Unexpected refusal", failed.Reason);
        }
        return true;
    }

    public static bool Force(HttpContext c) => Flag(c, "force");

    public static bool Flag(HttpContext c, string name) => c.Request.Query[name].ToString().Equals("true", StringComparison.OrdinalIgnoreCase);
}
