using System.Diagnostics;
using Mesos.Actors.Framework;
using Mesos.Actors.Protocol;
using Mesos.V1;

namespace Mesos.Benchmarks.Simulation;

/// <summary>Launches long-running tasks on its offers, as many per offer as fit, until <paramref name="tasks"/> run; times them to the last TASK_RUNNING.</summary>
internal sealed class FillScheduler(SchedulerSettings settings, int tasks, TaskCompletionSource<TimeSpan> running) : SchedulerActor(settings)
{
    private static readonly Resources PerTask = Resources.Parse("cpus:1;mem:1024");
    private static readonly Filters Done = new() { RefuseSeconds = 3600 };
    private readonly Stopwatch _clock = new();
    private int _launched;
    private int _running;

    protected override void OnResourceOffers(SchedulerEvent.ResourceOffers offers)
    {
        foreach (var offer in offers.Offers)
        {
            var available = Resources.FromProtos(offer.Resources).Unallocated();
            var batch = new List<TaskInfo>();
            while (_launched < tasks && available.Contains(PerTask))
            {
                var id = "s" + _launched++;
                batch.Add(new TaskInfo
                {
                    Name = id, TaskId = new() { Value = id }, AgentId = offer.AgentId,
                    Command = new() { Value = "sleep 1000000" }, Resources = { PerTask.ToProtos() },
                });
                available -= PerTask;
            }
            _clock.Start();
            if (batch.Count > 0) Launch(offer, batch, Done);
            else Decline([offer.Id], Done);
        }
    }

    protected override void OnStatusUpdate(SchedulerEvent.StatusUpdate update)
    {
        base.OnStatusUpdate(update);
        if (update.Status.State == TaskState.TaskRunning && ++_running == tasks) running.TrySetResult(_clock.Elapsed);
        else if (TaskStates.IsTerminal(update.Status.State))
        {
            running.TrySetException(new InvalidOperationException($"Task {update.Status.TaskId.Value} ended {update.Status.State}: {update.Status.Message}"));
        }
    }
}
