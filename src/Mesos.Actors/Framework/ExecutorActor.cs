using Akka.Actor;
using Akka.Event;
using Google.Protobuf;
using Mesos.Actors.Protocol;
using Mesos.V1;
using Mesos.V1.Executor;
using Task = System.Threading.Tasks.Task;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Framework;

/// <summary>
/// The base class of a .NET executor over Mesos' executor API. The actor subscribes to its agent, hands
/// each event to a method to override (<see cref="OnLaunch"/>, <see cref="OnKill"/>, ...), and sends the
/// executor's status updates in order, keeping each until the agent acknowledges it, so that a
/// subscription after a lost connection carries the unacknowledged updates and tasks, as Mesos' executor
/// library does. Without checkpointing a lost agent ends the executor; with it, the executor keeps its
/// tasks running and subscribes again (after a random wait of up to
/// <see cref="ExecutorSettings.SubscriptionBackoffMax"/> each time), so that it reconnects to its restarted
/// agent; when no agent took it back within <see cref="ExecutorSettings.RecoveryTimeout"/> it shuts down
/// (<see cref="OnShutdown"/>), so that no task outlives an agent that never came back. The executor's
/// process ends when the actor stops (<see cref="ExecutorHost"/>); by default SHUTDOWN stops it.
/// </summary>
public abstract class ExecutorActor : ReceiveActor, IWithTimers
{
    private readonly ExecutorConnection _connection;
    private readonly Dictionary<string, TaskInfo> _unacknowledgedTasks = [];
    private readonly Dictionary<string, TaskInfo> _running = [];
    private readonly Dictionary<ByteString, TaskStatus> _unacknowledgedUpdates = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly Random _random = new();
    private Task _sending = Task.CompletedTask;
    private int _generation;

    protected ExecutorActor(ExecutorSettings settings)
    {
        Settings = settings;
        _connection = new ExecutorConnection(settings.AgentEndpoint);
        Log = Context.GetLogger();
        Receive<Received>(m => m.Generation == _generation, m => Handle(m.Event));
        Receive<StreamEnded>(m => m.Generation == _generation, Disconnected);
        Receive<StreamEnded>(_ => { });
        Receive<Received>(_ => { });
        Receive<SubscribeAgain>(_ => Subscribe());
        Receive<RecoveryTimedOut>(_ =>
        {
            Log.Warning("No agent at {0} took the executor back within {1}; the executor shuts down", Settings.AgentEndpoint, Settings.RecoveryTimeout);
            Timers.Cancel(SubscribeAgain.Instance);
            OnShutdown();
        });
        Receive<CallFailed>(m => Log.Warning("{0}", m.Reason));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected ExecutorSettings Settings { get; }

    protected ILoggingAdapter Log { get; }

    /// <summary>Whether the agent has answered the current subscription.</summary>
    protected bool IsSubscribed { get; private set; }

    /// <summary>Tasks launched on this executor whose end it has not reported yet.</summary>
    protected IReadOnlyCollection<TaskInfo> RunningTasks => _running.Values;

    protected virtual void OnSubscribed(Event.Types.Subscribed subscribed)
    {
    }

    /// <summary>Run the task: report TASK_RUNNING, and its end, with <see cref="Update"/>.</summary>
    protected abstract void OnLaunch(TaskInfo task);

    /// <summary>A task group: by default each task is launched as on its own.</summary>
    protected virtual void OnLaunchGroup(TaskGroupInfo group)
    {
        foreach (var task in group.Tasks) OnLaunch(task);
    }

    /// <summary>Kill the task, and report TASK_KILLED once it is gone.</summary>
    protected abstract void OnKill(TaskID taskId, KillPolicy? policy);

    /// <summary>A message from the scheduler.</summary>
    protected virtual void OnMessage(ByteString data)
    {
    }

    /// <summary>
    /// The agent asks the executor to end, or no agent took it back within the recovery timeout: by default every running
    /// task is reported TASK_KILLED and the actor stops. An executor whose tasks are processes of its own kills them here.
    /// </summary>
    protected virtual void OnShutdown()
    {
        foreach (var task in _running.Values.ToList()) Update(task.TaskId, TaskState.TaskKilled, "The executor was shut down");
        Drained().PipeTo(Self, success: () => PoisonPill.Instance, failure: _ => PoisonPill.Instance);
    }

    protected virtual void OnError(string message) => Log.Error("The agent reported an error: {0}", message);

    /// <summary>Sends a status update of a task, after every update sent before it.</summary>
    protected void Update(TaskID taskId, TaskState state, string? message = null, ByteString? data = null)
    {
        var status = new TaskStatus
        {
            TaskId = taskId,
            State = state,
            Source = TaskStatus.Types.Source.Executor,
            ExecutorId = Settings.ExecutorId,
            Uuid = ByteString.CopyFrom(Guid.NewGuid().ToByteArray()),
            Timestamp = Context.System.Scheduler.Now.ToUnixTimeMilliseconds() / 1000.0,
        };
        if (message is not null) status.Message = message;
        if (data is not null) status.Data = data;
        _unacknowledgedUpdates[status.Uuid] = status;
        if (TaskStates.IsTerminal(state)) _running.Remove(taskId.Value);
        Send(NewCall(Call.Types.Type.Update, call => call.Update = new Call.Types.Update { Status = status }));
    }

    /// <summary>Sends a message to the scheduler.</summary>
    protected void SendMessage(ByteString data) =>
        Send(NewCall(Call.Types.Type.Message, call => call.Message = new Call.Types.Message { Data = data }));

    /// <summary>Completes once every call sent so far has been posted.</summary>
    protected Task Drained() => _sending;

    protected override void PreStart() => Subscribe();

    protected override void PostStop()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        _connection.Dispose();
    }

    private void Subscribe()
    {
        var generation = ++_generation;
        IsSubscribed = false;
        var subscribe = NewCall(Call.Types.Type.Subscribe, call => call.Subscribe = new Call.Types.Subscribe
        {
            UnacknowledgedTasks = { _unacknowledgedTasks.Values },
            UnacknowledgedUpdates = { _unacknowledgedUpdates.Values.Select(status => new Call.Types.Update { Status = status }) },
        });
        var self = Self;
        var token = _stopping.Token;
        Task.Run(async () =>
        {
            Exception? failure = null;
            try
            {
                await foreach (var e in _connection.SubscribeAsync(subscribe, token).ConfigureAwait(false)) self.Tell(new Received(generation, e));
            }
            catch (Exception e) when (e is HttpRequestException or IOException or InvalidDataException)
            {
                failure = e;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            self.Tell(new StreamEnded(generation, failure?.Message ?? "the agent closed the event stream"));
        }, CancellationToken.None);
    }

    private void Handle(Event e)
    {
        switch (e.Type)
        {
            case Event.Types.Type.Subscribed:
                IsSubscribed = true;
                Timers.Cancel(RecoveryTimedOut.Instance);
                OnSubscribed(e.Subscribed);
                break;
            case Event.Types.Type.Launch:
                Track(e.Launch.Task);
                OnLaunch(e.Launch.Task);
                break;
            case Event.Types.Type.LaunchGroup:
                foreach (var task in e.LaunchGroup.TaskGroup.Tasks) Track(task);
                OnLaunchGroup(e.LaunchGroup.TaskGroup);
                break;
            case Event.Types.Type.Kill:
                OnKill(e.Kill.TaskId, e.Kill.KillPolicy);
                break;
            case Event.Types.Type.Acknowledged:
                Acknowledged(e.Acknowledged);
                break;
            case Event.Types.Type.Message:
                OnMessage(e.Message.Data);
                break;
            case Event.Types.Type.Shutdown:
                OnShutdown();
                break;
            case Event.Types.Type.Error:
                OnError(e.Error.Message);
                break;
        }
    }

    private void Track(TaskInfo task)
    {
        _unacknowledgedTasks[task.TaskId.Value] = task;
        _running[task.TaskId.Value] = task;
    }

    private void Acknowledged(Event.Types.Acknowledged acknowledged)
    {
        if (!_unacknowledgedUpdates.Remove(acknowledged.Uuid, out var status)) return;
        // A task is the executor's until the agent holds its terminal update.
        if (TaskStates.IsTerminal(status.State)) _unacknowledgedTasks.Remove(status.TaskId.Value);
    }

    private void Disconnected(StreamEnded ended)
    {
        IsSubscribed = false;
        if (!Settings.Checkpoint)
        {
            Log.Warning("Lost the agent at {0} ({1}); the executor ends", Settings.AgentEndpoint, ended.Reason);
            Context.Stop(Self);
            return;
        }
        // Counted from the first attempt that failed, whatever the attempts after it do, as Mesos' executor library does.
        if (!Timers.IsTimerActive(RecoveryTimedOut.Instance)) Timers.StartSingleTimer(RecoveryTimedOut.Instance, RecoveryTimedOut.Instance, Settings.RecoveryTimeout);
        var delay = TimeSpan.FromTicks((long)(_random.NextDouble() * Settings.SubscriptionBackoffMax.Ticks));
        Log.Info("Lost the agent at {0} ({1}); subscribing again in {2}", Settings.AgentEndpoint, ended.Reason, delay);
        Timers.StartSingleTimer(SubscribeAgain.Instance, SubscribeAgain.Instance, delay);
    }

    private void Send(Call call)
    {
        var self = Self;
        var token = _stopping.Token;
        // Chained, so that the agent gets the updates in the order the executor sent them.
        _sending = _sending.ContinueWith(async _ =>
        {
            try
            {
                await _connection.PostAsync(call, token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                // Kept unacknowledged: the next subscription carries the update again.
                self.Tell(new CallFailed($"Failed to send {call.Type}: {e.Message}"));
            }
        }, token, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
    }

    private Call NewCall(Call.Types.Type type, Action<Call> fill)
    {
        var call = new Call { Type = type, FrameworkId = Settings.FrameworkId, ExecutorId = Settings.ExecutorId };
        fill(call);
        return call;
    }

    private sealed record Received(int Generation, Event Event);

    private sealed record StreamEnded(int Generation, string Reason);

    private sealed record CallFailed(string Reason);

    private sealed record SubscribeAgain
    {
        public static SubscribeAgain Instance { get; } = new();
    }

    private sealed record RecoveryTimedOut
    {
        public static RecoveryTimedOut Instance { get; } = new();
    }
}
