using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Mesos.Host.Chronos.Jobs;
using Mesos.Host.Chronos.Runs;
using Mesos.Host.Chronos.Scheduler;
using Mesos.Host.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Mesos.Host.Chronos.Api;

/// <summary>
/// Chronos' REST API (v1/scheduler): changes go to the scheduler actor, which keeps the catalog of jobs; each job's
/// view is read from its entity. Parses, hands over, and answers as Chronos does.
/// </summary>
internal static class ChronosApi
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    public static void MapChronosApi(this WebApplication app, IRequiredActor<ChronosActor> chronos, Lazy<IActorRef> jobs, RequestBodies bodies, string leader)
    {
        app.MapGet("/v1/scheduler/jobs", async (HttpContext c) =>
        {
            var views = await Views(jobs, (await Catalog(chronos)).Jobs);
            await HttpAnswers.Json(c, w => JobViewJson.WriteJobs(w, views.Select(v => v.Entry!)));
        });
        app.MapGet("/v1/scheduler/jobs/summary", async (HttpContext c) =>
        {
            var views = await Views(jobs, (await Catalog(chronos)).Jobs);
            await HttpAnswers.Json(c, w => JobViewJson.WriteSummary(w, views));
        });
        app.MapGet("/v1/scheduler/jobs/search", async (HttpContext c, string? name) =>
        {
            var found = (await Catalog(chronos)).Jobs.Where(j => name is null || j.Contains(name, StringComparison.OrdinalIgnoreCase));
            var views = await Views(jobs, found);
            await HttpAnswers.Json(c, w => JobViewJson.WriteJobs(w, views.Select(v => v.Entry!)));
        });
        app.MapPost("/v1/scheduler/iso8601", (HttpContext c) => Save(c, chronos, bodies, JobValidator.Kind.Scheduled));
        app.MapPost("/v1/scheduler/dependency", (HttpContext c) => Save(c, chronos, bodies, JobValidator.Kind.Dependent));
        app.MapPut("/v1/scheduler/job/success/{name}", (HttpContext c, string name) => Change(c, chronos, new JobEntity.MarkSucceeded(name)));
        app.MapPut("/v1/scheduler/job/{name}", (HttpContext c, string name, string? arguments) =>
            Change(c, chronos, new JobEntity.RunNow(name, string.IsNullOrEmpty(arguments) ? [] : arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))));
        app.MapDelete("/v1/scheduler/job/{name}", (HttpContext c, string name) => Change(c, chronos, new ChronosActor.DeleteJob(name)));
        app.MapDelete("/v1/scheduler/task/kill/{name}", (HttpContext c, string name) => Change(c, chronos, new JobEntity.Kill(name)));
        app.MapGet("/v1/scheduler/job/stat/{name}", async (HttpContext c, string name) =>
        {
            var catalog = await Catalog(chronos);
            var views = catalog.Contains(name) ? await Views(jobs, [name]) : [];
            if (views.Count == 0)
            {
                await HttpAnswers.Text(c, StatusCodes.Status404NotFound, $"Job '{name}' does not exist");
                return;
            }
            await HttpAnswers.Json(c, w => JobViewJson.WriteStat(w, views[0].Entry!));
        });
        app.MapGet("/v1/scheduler/graph/dot", async (HttpContext c) => await HttpAnswers.Text(c, StatusCodes.Status200OK, (await Catalog(chronos)).Graph.ToDot()));
        app.MapGet("/v1/scheduler/graph/csv", async (HttpContext c) => await HttpAnswers.Text(c, StatusCodes.Status200OK, (await Catalog(chronos)).Graph.ToCsv()));
        app.MapGet("/leader", (HttpContext c) => HttpAnswers.Json(c, w =>
        {
            w.WriteStartObject();
            w.WriteString("leader", leader);
            w.WriteEndObject();
        }));
    }

    private static async Task<JobCatalog> Catalog(IRequiredActor<ChronosActor> chronos) =>
        await (await chronos.GetAsync()).Ask<JobCatalog>(ChronosActor.GetCatalog.Instance, AskTimeout);

    /// <summary>The jobs' views from their entities, asked all at once, in the order named; a job its entity does not have is left out.</summary>
    private static async Task<IReadOnlyList<JobEntity.View>> Views(Lazy<IActorRef> jobs, IEnumerable<string> names)
    {
        var views = await Task.WhenAll(names.Select(name => jobs.Value.Ask<JobEntity.View>(new ShardingEnvelope(name, new JobEntity.Get(name)), AskTimeout)));
        return [.. views.Where(v => v.Entry is not null)];
    }

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
            case ChronosReply.Done:
                c.Response.StatusCode = StatusCodes.Status204NoContent;
                break;
            case ChronosReply.Refused refused:
                await HttpAnswers.Text(c, StatusCodes.Status400BadRequest, string.Join("; ", refused.Errors));
                break;
            case ChronosReply.NotFound missing:
                await HttpAnswers.Text(c, StatusCodes.Status404NotFound, missing.Message);
                break;
            default:
                throw new InvalidOperationException($"Unexpected answer {answer.GetType().Name}");
        }
    }
}
