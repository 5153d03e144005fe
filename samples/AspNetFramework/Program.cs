using Akka.Actor;
using Akka.Hosting;
using AspNetFramework;
using Mesos.Actors.Framework;
using Mesos.V1;

var builder = WebApplication.CreateBuilder(args);
var settings = new SchedulerSettings(builder.Configuration["master"] ?? "127.0.0.1:5050",
    new FrameworkInfo { User = System.Environment.UserName, Name = "aspnet-jobs", FailoverTimeout = 60 });

// A line per request is noise here; the scheduler's own log tells what the jobs do.
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

builder.Services.AddAkka("jobs", akka =>
{
    // Akka logs through the application's ILoggerFactory, beside ASP.NET Core.
    akka.ConfigureLoggers(loggers =>
    {
        loggers.ClearLoggers();
        loggers.AddLoggerFactory();
    });
    akka.WithActors((system, registry) =>
        registry.Register<JobScheduler>(system.ActorOf(Props.Create(() => new JobScheduler(settings)), "scheduler")));
});

var app = builder.Build();
var timeout = TimeSpan.FromSeconds(5);

app.MapPost("/jobs", async (SubmitJob submit, IRequiredActor<JobScheduler> scheduler) =>
{
    if (string.IsNullOrWhiteSpace(submit.Command)) return Results.BadRequest("command is required");
    var job = await scheduler.ActorRef.Ask<Job>(submit, timeout);
    return Results.Accepted($"/jobs/{job.Id}", job);
});

app.MapGet("/jobs", async (IRequiredActor<JobScheduler> scheduler) =>
    await scheduler.ActorRef.Ask<IReadOnlyList<Job>>(ListJobs.Instance, timeout));

app.MapGet("/jobs/{id}", async (string id, IRequiredActor<JobScheduler> scheduler) =>
    await scheduler.ActorRef.Ask<JobLookup>(new GetJob(id), timeout) is { Job: { } job } ? Results.Ok(job) : Results.NotFound());

app.Run();
