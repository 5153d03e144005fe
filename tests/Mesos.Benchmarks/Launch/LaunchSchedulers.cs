using System.Diagnostics;
using Mesos.Actors.Framework;
using Mesos.Actors.Protocol;
using Mesos.V1;

namespace Mesos.Benchmarks.Launch;

/// <summary>Launches <c>true</c> tasks on every offer until it has launched them all, and times them to TASK_FINISHED.</summary>
internal sealed class LaunchScheduler(SchedulerSettings settings, int tasks, TaskCompletionSource<TimeSpan> done) : SchedulerActor(settings)
{
    private static readonly Resources PerTask = Resources.Parse("cpus:0.01;mem:32");
    private static readonly Filters NoRefusal = new() { RefuseSeconds = 0 };
    private static readonly Filters Done = new() { RefuseSeconds = 3600 };
    private readonly Stopwatch _clock = new();
    private int _launched;
    private int _finished;

    protected override void OnResourceOffers(SchedulerEvent.ResourceOffers offers)
    {
        foreach (var offer in offers.Offers)
        {
            var available = Resources.FromProtos(offer.Resources);
            var fits = (int)Math.Min(available.Scalar("cpus") / 0.01 + 1e-9, available.Scalar("mem") / 32);
            var batch = new List<TaskInfo>();
            for (var i = 0; i < fits && _launched < tasks; i++, _launched++)
            {
                batch.Add(new TaskInfo
                {
                    Name = "t" + _launched, TaskId = new() { Value = "t" + _launched }, AgentId = offer.AgentId,
                    Command = new() { Value = "true" }, Resources = { PerTask.ToProtos() },
                });
            }
            _clock.Start();
            if (batch.Count > 0) Launch(offer, batch, NoRefusal);
            else Decline([offer.Id], _launched < tasks ? NoRefusal : Done);
        }
    }

    protected override void OnStatusUpdate(SchedulerEvent.StatusUpdate update)
    {
        base.OnStatusUpdate(update);
        if (update.Status.State == TaskState.TaskFinished && ++_finished == tasks) done.TrySetResult(_clock.Elapsed);
        else if (update.Status.State is TaskState.TaskFailed or TaskState.TaskError or TaskState.TaskLost)
        {
            done.TrySetException(new InvalidOperationException($"Task {update.Status.TaskId.Value} ended {update.Status.State}: {update.Status.Message}"));
        }
    }
}

/// <summary>Declines every offer at once with no filter, counting how many it is made.</summary>
internal sealed class DecliningScheduler(SchedulerSettings settings, Action<int> counted) : SchedulerActor(settings)
{
    private static readonly Filters NoRefusal = new() { RefuseSeconds = 0 };

    protected override void OnResourceOffers(SchedulerEvent.ResourceOffers offers)
    {
        counted(offers.Offers.Count);
        Decline(offers.Offers.Select(o => o.Id), NoRefusal);
    }
}
