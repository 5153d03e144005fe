using Akka.Actor;
using Akka.Event;
using Mesos.Actors.Framework;
using Mesos.Actors.Protocol;
using Mesos.V1;

namespace AspNetFramework;

/// <summary>A shell command to run once as a task; the answer is the <see cref="Job"/>.</summary>
public sealed record SubmitJob(string Command);

public sealed record ListJobs
{
    public static ListJobs Instance { get; } = new();
}

public sealed record GetJob(string Id);

/// <summary>The answer to <see cref="GetJob"/>: null for an id never given.</summary>
public sealed record JobLookup(Job? Job);

/// <summary>A job and the state of its task: PENDING until the task reports, then Mesos' TASK_... states.</summary>
public sealed record Job(string Id, string Command, string State, string? Message = null);

/// <summary>Runs the jobs the web endpoints hand it, each as one task on the first offer that fits.</summary>
public sealed class JobScheduler : SchedulerActor
{
    private static readonly Resources PerJob = Resources.Parse("cpus:0.1;mem:32");

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, Job> _jobs = [];
    private readonly Queue<string> _pending = new();

    public JobScheduler(SchedulerSettings settings) : base(settings)
    {
        Receive<SubmitJob>(submit =>
        {
            var job = new Job($"job-{_jobs.Count + 1}", submit.Command, "PENDING");
            _jobs[job.Id] = job;
            _pending.Enqueue(job.Id);
            Sender.Tell(job);
            // Offers declined while nothing was pending are filtered for a while: ask for them now.
            if (IsSubscribed) Revive();
        });
        Receive<ListJobs>(_ => Sender.Tell(_jobs.Values.ToList()));
        Receive<GetJob>(get => Sender.Tell(new JobLookup(_jobs.GetValueOrDefault(get.Id))));
    }

    protected override void OnResourceOffers(SchedulerEvent.ResourceOffers offers)
    {
        foreach (var offer in offers.Offers)
        {
            var available = Resources.FromProtos(offer.Resources).Unallocated();
            var tasks = new List<TaskInfo>();
            while (_pending.Count > 0 && available.Contains(PerJob))
            {
                var job = _jobs[_pending.Dequeue()];
                tasks.Add(new TaskInfo
                {
                    Name = job.Id,
                    TaskId = new TaskID { Value = job.Id },
                    Resources = { PerJob.ToProtos() },
                    Command = new CommandInfo { Value = job.Command },
                });
                available -= PerJob;
            }
            if (tasks.Count > 0) Launch(offer, tasks);
            else Decline([offer.Id]);
        }
    }

    protected override void OnStatusUpdate(SchedulerEvent.StatusUpdate update)
    {
        var status = update.Status;
        if (!_jobs.TryGetValue(status.TaskId.Value, out var job)) return;
        _jobs[job.Id] = job with { State = ProtoNames.Of(status.State), Message = status.Message };
        _log.Info("{JobId}: {State} {Message}", job.Id, ProtoNames.Of(status.State), status.Message);
    }
}
