using Mesos.Actors.Framework;
using Mesos.Actors.Protocol;
using Mesos.V1;

namespace Mesos.TestScheduler;

/// <summary>
/// Launches <see cref="BatchOptions.Tasks"/> tasks running one command, acknowledges every update
/// itself, and prints each fact as a line: <c>SUBSCRIBED id</c>, <c>UPDATE task state uuid</c>,
/// <c>ACKED task state</c>, <c>ALL_TERMINAL</c>.
/// </summary>
internal sealed class BatchScheduler : SchedulerActor
{
    private readonly BatchOptions _options;
    private readonly Resources _perTask;
    private readonly TaskCompletionSource _done;
    private readonly HashSet<string> _terminal = [];
    private int _launched;

    public BatchScheduler(SchedulerSettings settings, BatchOptions options, TaskCompletionSource done) : base(settings)
    {
        _options = options;
        _perTask = Resources.Parse(options.Resources);
        _done = done;
    }

    protected override void OnSubscribed(SchedulerEvent.Subscribed subscribed)
    {
        Console.Out.WriteLine($"SUBSCRIBED {subscribed.FrameworkId.Value}");
        if (_options.Reconcile) Reconcile();
    }

    protected override void OnResourceOffers(SchedulerEvent.ResourceOffers offers)
    {
        foreach (var offer in offers.Offers)
        {
            var available = Resources.FromProtos(offer.Resources).Unallocated();
            var tasks = new List<TaskInfo>();
            while (_launched < _options.Tasks && available.Contains(_perTask))
            {
                var id = $"task-{++_launched}";
                tasks.Add(new TaskInfo
                {
                    Name = id,
                    TaskId = new TaskID { Value = id },
                    AgentId = offer.AgentId,
                    Resources = { _perTask.ToProtos() },
                    Command = new CommandInfo { Value = _options.Command },
                });
                available -= _perTask;
            }
            if (tasks.Count > 0) Launch(offer, tasks);
            else Decline([offer.Id], new Filters { RefuseSeconds = 3600 });
        }
    }

    protected override void OnStatusUpdate(SchedulerEvent.StatusUpdate update)
    {
        var status = update.Status;
        var state = ProtoNames.Of(status.State);
        Console.Out.WriteLine($"UPDATE {status.TaskId.Value} {state} {(status.HasUuid ? Convert.ToHexString(status.Uuid.Span) : "-")}");
        if (status.HasUuid)
        {
            Acknowledge(status).ContinueWith(
                t => Console.Out.WriteLine(t.IsCompletedSuccessfully ? $"ACKED {status.TaskId.Value} {state}" : $"ACK_FAILED {status.TaskId.Value} {state}"),
                TaskScheduler.Default);
        }
        if (_options.Tasks > 0 && TaskStates.IsTerminal(status.State) && _terminal.Add(status.TaskId.Value) && _terminal.Count == _options.Tasks)
        {
            Console.Out.WriteLine("ALL_TERMINAL");
            if (_options.TeardownWhenDone) Teardown().ContinueWith(_ => _done.TrySetResult(), TaskScheduler.Default);
        }
    }

    protected override void OnError(SchedulerEvent.Error error)
    {
        Console.Out.WriteLine($"ERROR {error.Message}");
        _done.TrySetResult();
    }
}
