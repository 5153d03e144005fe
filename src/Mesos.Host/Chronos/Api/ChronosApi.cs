using Akka.Actor;
using Akka.Hosting;
using Mesos.Host.Chronos.Jobs;
using Mesos.Host.Chronos.Runs;
using Mesos.Host.Chronos.Scheduler;
using Mesos.Host.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Mesos.Host.Chronos.Api;

/// <summary>Chronos' REST API (v1/scheduler) on the scheduler actor: parses, hands over, and answers as Chronos does.</summary>
internal static class ChronosApi
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    public static void MapChronosApi(this WebApplication app, IRequiredActor<ChronosActor> chronos, RequestBodies bodies, string leader)
    {
        app.MapGet("/v1/scheduler/jobs", async (HttpContext c) =>
        {
            var book = await Book(chronos);
            await HttpAnswers.Json(c, w => JobViewJson.WriteJobs(w, book.Jobs.Values.OrderBy(j => j.Definition.Name, StringComparer.Ordinal)));
        });
        app.MapGet("/v1/scheduler/jobs/summary", async (HttpContext c) =>
        {
            var book = await Book(chronos);
            await HttpAnswers.Json(c, w => JobViewJson.WriteSummary(w, book));
        });
        app.MapGet("/v1/scheduler/jobs/search", async (HttpContext c, string? name) =>
        {
            var book = await Book(chronos);
            var found = book.Jobs.Values.Where(j => name is null || j.Definition.Name.Contains(name, StringComparison.OrdinalIgnoreCase));
            await HttpAnswers.Json(c, w => JobViewJson.WriteJobs(w, found.OrderBy(j => j.Definition.Name, StringComparer.Ordinal)));
        });
        app.MapPost("/v1/scheduler/iso8601", (HttpContext c) => Save(c, chronos, bodies, JobValidator.Kind.Scheduled));
        app.MapPost("/v1/scheduler/dependency", (HttpContext c) => Save(c, chronos, bodies, JobValidator.Kind.Dependent));
        app.MapPut("/v1/scheduler/job/success/{name}", (HttpContext c, string name) => Change(c, chronos, new ChronosActor.MarkSucceeded(name)));
        app.MapPut("/v1/scheduler/job/{name}", (HttpContext c, string name, string? arguments) =>
            Change(c, chronos, new ChronosActor.RunJob(name, string.IsNullOrEmpty(arguments) ? [] : arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))));
        app.MapDelete("/v1/scheduler/job/{name}", (HttpContext c, string name) => Change(c, chronos, new ChronosActor.DeleteJob(name)));
        app.MapDelete("/v1/scheduler/task/kill/{name}", (HttpContext c, string name) => Change(c, chronos, new ChronosActor.KillJob(name)));
        app.MapGet("/v1/scheduler/job/stat/{name}", async (HttpContext c, string name) =>
        {
            var book = await Book(chronos);
            if (!book.Jobs.TryGetValue(name, out var job))
            {
                await HttpAnswers.Text(c, StatusCodes.Status404NotFound, $"Job '{name}' does not exist");
                return;
            }
            await HttpAnswers.Json(c, w => JobViewJson.WriteStat(w, job));
        });
        app.MapGet("/v1/scheduler/graph/dot", async (HttpContext c) => await HttpAnswers.Text(c, StatusCodes.Status200OK, (await Book(chronos)).Graph.ToDot()));
        app.MapGet("/v1/scheduler/graph/csv", async (HttpContext c) => await HttpAnswers.Text(c, StatusCodes.Status200OK, (await Book(chronos)).Graph.ToCsv()));
        app.MapGet("/leader", (HttpContext c) => HttpAnswers.Json(c, w =>
        {
            w.WriteStartObject();
            w.WriteString("leader", leader);
            w.WriteEndObject();
        }));
    }

    private static async Task<JobBook> Book(IRequiredActor<ChronosActor> chronos) =>
        await (await chronos.GetAsync()).Ask<JobBook>(ChronosActor.GetBook.Instance, AskTimeout);

    private static async Task Save(HttpContext c, IRequiredActor<ChronosActor> chronos, RequestBodies bodies, JobValidator.Kind kind)
    {
        JobDefinition job;
        try
        {
            job = JobJson.Read(await bodies.Read(c, bodies.Limits.MaxSmallBodyBytes));
        }
        catch (JobRefusedException e)
        {
            await HttpAnswers.Text(c, StatusCodes.Status400BadRequest, e.Message);
            return;
        }
        await Change(c, chronos, new ChronosActor.SaveJob(job, kind));
    }

    private static async Task Change(HttpContext c, IRequiredActor<ChronosActor> chronos, object command)
    {
        var answer = await (await chronos.GetAsync()).Ask<object>(command, AskTimeout);
        switch (answer)
        {
            case ChronosActor.Done:
                c.Response.StatusCode = StatusCodes.Status204NoContent;
                break;
            case ChronosActor.Refused refused:
                await HttpAnswers.Text(c, StatusCodes.Status400BadRequest, string.Join("; ", refused.Errors));
                break;
            case ChronosActor.NotFound missing:
                await HttpAnswers.Text(c, StatusCodes.Status404NotFound, missing.Message);
                break;
            default:
                throw new InvalidOperationException($"Unexpected answer {answer.GetType().Name}");
        }
    }
}
