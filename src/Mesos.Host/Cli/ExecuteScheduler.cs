using Google.Protobuf;
using Mesos.Actors.Framework;
using Mesos.Actors.Protocol;
using Mesos.Actors.Protocol.Json;
using Akka.Actor;
using Mesos.V1;
using Task = System.Threading.Tasks.Task;
using CapabilityType = Mesos.V1.FrameworkInfo.Types.Capability.Types.Type;
using TaskStatus = Mesos.V1.TaskStatus;

using static Mesos.Actors.Framework.SchedulerEvent;

namespace Mesos.Host.Cli;

/// <summary>What `mesos execute` runs: one command as one task, named (and identified) by --name.</summary>
internal sealed record ExecuteRequest(
    IReadOnlyList<MasterAddress> Masters,
    string Name,
    string Command,
    Resources Resources,
    Mesos.V1.Environment? Environment,
    string Role,
    TimeSpan? KillAfter,
    string FrameworkName)
{
    /// <summary>The task's container: a Docker image with --containerizer=docker; null runs the command on the agent's host.</summary>
    public ContainerInfo? Container { get; init; }

    /// <summary>What the agent fetches into the sandbox first (--uris), extracting archives, as Mesos' fetcher does by default.</summary>
    public IReadOnlyList<string> Uris { get; init; } = [];

    /// <summary>The task's health check (--health_check); the agent kills the task when it fails it too often.</summary>
    public HealthCheck? HealthCheck { get; init; }

    /// <summary>Whether the framework checkpoints (--checkpoint): its task then survives a restart of its agent.</summary>
    public bool Checkpoint { get; init; }
}

/// <summary>
/// The scheduler of `mesos execute`: launches the task on the first offer that holds its resources,
/// prints every state change as Mesos' mesos-execute does, and tears the framework down when the task
/// ends. <paramref name="exitCode"/> completes with 0 when the task finished, 1 otherwise.
/// </summary>
internal sealed class ExecuteScheduler : SchedulerActor
{
    private readonly ExecuteRequest _request;
    private readonly TextWriter _out;
    private readonly TextWriter _error;
    private readonly TaskCompletionSource<int> _exitCode;
    private bool _wasSubscribed;
    private AgentID? _agent;
    private bool _exiting;

    public ExecuteScheduler(ExecuteRequest request, TextWriter output, TextWriter error, TaskCompletionSource<int> exitCode)
        : base(new SchedulerSettings(request.Masters, FrameworkInfoOf(request)))
    {
        _request = request;
        _out = output;
        _error = error;
        _exitCode = exitCode;
        Receive<KillTimeout>(_ => KillTask());
        Receive<CallAccepted>(_ => { });
        Receive<LaunchRefused>(m => Exit(1, $"Failed to launch task '{_request.Name}': {m.Reason}", teardown: true));
        Receive<KillRefused>(m => _error.WriteLine($"Failed to kill task '{_request.Name}': {m.Reason}"));
    }

    private TaskID TaskId => new() { Value = _request.Name };

    protected override void OnSubscribed(Subscribed subscribed)
    {
        if (_wasSubscribed) return;
        _wasSubscribed = true;
        _out.WriteLine($"Subscribed with ID {subscribed.FrameworkId.Value}");
    }

    protected override void OnResourceOffers(ResourceOffers offers)
    {
        foreach (var offer in offers.Offers)
        {
            if (_agent is null && Resources.FromProtos(offer.Resources).Unallocated().Contains(_request.Resources))
            {
                _agent = offer.AgentId;
                Launch(offer, [TaskFor(offer.AgentId)]).PipeTo(Self, Self, () => CallAccepted.Instance, e => new LaunchRefused(e.Message));
                _out.WriteLine($"Submitted task '{_request.Name}' to agent '{offer.AgentId.Value}'");
                if (_request.KillAfter is { } after) Timers.StartSingleTimer(KillTimeout.Instance, KillTimeout.Instance, after);
            }
            else
            {
                Decline([offer.Id]);
            }
        }
    }

    protected override void OnStatusUpdate(StatusUpdate update)
    {
        var status = update.Status;
        if (status.TaskId?.Value != _request.Name) return;
        _out.WriteLine($"Received status update {ProtoNames.Of(status.State)} for task '{status.TaskId.Value}'");
        if (status.HasMessage) _out.WriteLine($"  message: '{status.Message}'");
        if (status.HasSource) _out.WriteLine($"  source: {ProtoNames.Of(status.Source)}");
        if (status.HasReason) _out.WriteLine($"  reason: {ProtoNames.Of(status.Reason)}");
        if (status.HasHealthy) _out.WriteLine($"  healthy?: {(status.Healthy ? 1 : 0)}");
        if (status.CheckStatus is { } check) _out.WriteLine($"  check status: {MesosJson.Serialize(check)}");
        if (TaskStates.IsTerminal(status.State))
        {
            Exit(status.State == TaskState.TaskFinished ? 0 : 1, null, teardown: true);
        }
    }

    protected override void OnError(Error error) => Exit(1, $"The master refused the framework: {error.Message}", teardown: false);

    protected override void OnDisconnected(Disconnected disconnected)
    {
        // Before the first subscription a failure means a wrong or unreachable --master: say so and stop.
        if (!_wasSubscribed)
        {
            Exit(1, disconnected.Reason, teardown: false);
            return;
        }
        _error.WriteLine($"Disconnected from the master: {disconnected.Reason}; subscribing again");
    }

    private TaskInfo TaskFor(AgentID agentId) => new()
    {
        Name = _request.Name,
        TaskId = TaskId,
        AgentId = agentId,
        Resources = { _request.Resources.ToProtos() },
        Command = new CommandInfo
        {
            Value = _request.Command,
            Shell = true,
            Environment = _request.Environment,
            Uris = { _request.Uris.Select(uri => new CommandInfo.Types.URI { Value = uri }) },
        },
        Container = _request.Container,
        HealthCheck = _request.HealthCheck,
    };

    private void KillTask()
    {
        _out.WriteLine($"Killing task '{_request.Name}' after {MesosDuration.Format(_request.KillAfter!.Value)}");
        Kill(TaskId, _agent).PipeTo(Self, Self, () => CallAccepted.Instance, e => new KillRefused(e.Message));
    }

    private void Exit(int code, string? reason, bool teardown)
    {
        if (_exiting) return;
        _exiting = true;
        if (reason is not null) _error.WriteLine(reason);
        _out.Flush();
        if (!teardown || !IsSubscribed)
        {
            _exitCode.TrySetResult(code);
            return;
        }
        var exitCode = _exitCode;
        Teardown().ContinueWith(_ => exitCode.TrySetResult(code), TaskScheduler.Default);
    }

    /// <summary>The framework as Mesos' mesos-execute describes itself: one role (not MULTI_ROLE), checkpointing only with --checkpoint, and its capabilities.</summary>
    internal static FrameworkInfo FrameworkInfoOf(ExecuteRequest request) => new()
    {
        User = System.Environment.UserName,
        Name = request.FrameworkName,
        Role = request.Role,
        Checkpoint = request.Checkpoint,
        Capabilities =
        {
            new[] { CapabilityType.ReservationRefinement, CapabilityType.TaskKillingState, CapabilityType.RevocableResources, CapabilityType.PartitionAware }
                .Select(type => new FrameworkInfo.Types.Capability { Type = type }),
        },
    };

    private sealed record KillTimeout
    {
        public static KillTimeout Instance { get; } = new();
    }

    private sealed record CallAccepted
    {
        public static CallAccepted Instance { get; } = new();
    }

    private sealed record LaunchRefused(string Reason);

    private sealed record KillRefused(string Reason);
}
