using Akka.Actor;
using Akka.Event;
using Mesos.Actors.Framework;
using Mesos.Actors.Protocol;
using Mesos.V1;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Host.Marathon.Scheduler;

/// <summary>
/// Marathon's framework on the SDK, and nothing more: it hands its parent the subscription, offers and status
/// updates, and carries out the calls the parent decides (launch, decline, kill, acknowledge, reconcile,
/// revive). Updates are acknowledged only when the parent has recorded them.
/// </summary>
public sealed class MarathonFramework : SchedulerActor
{
    /// <summary>To the parent: the master accepted the subscription.</summary>
    public sealed record Subscribed(string FrameworkId);

    /// <summary>To the parent: the connection is gone; no call can be sent until the next <see cref="Subscribed"/>.</summary>
    public sealed record Disconnected
    {
        public static Disconnected Instance { get; } = new();
    }

    public sealed record Offers(IReadOnlyList<Offer> Received);

    public sealed record Update(TaskStatus Status);

    public sealed record LaunchTasks(Offer Offer, IReadOnlyList<TaskInfo> Tasks);

    public sealed record DeclineOffers(IReadOnlyList<OfferID> OfferIds, double RefuseSeconds);

    public sealed record KillTask(string TaskId, string? AgentId);

    public sealed record AcknowledgeUpdate(TaskStatus Status);

    /// <summary>Asks the master about these tasks (explicit), or, with none, about every task it knows of the framework (implicit).</summary>
    public sealed record ReconcileTasks(IReadOnlyList<(string TaskId, string? AgentId)> Tasks);

    /// <summary>Drops the offer filters: an app waits for instances.</summary>
    public sealed record ReviveOffers
    {
        public static ReviveOffers Instance { get; } = new();
    }

    /// <summary>Stops offers: no app waits for instances.</summary>
    public sealed record SuppressOffers
    {
        public static SuppressOffers Instance { get; } = new();
    }

    private readonly ILoggingAdapter _log = Context.GetLogger();

    public MarathonFramework(SchedulerSettings settings) : base(WithCapabilities(settings) with { AutoAcknowledge = false })
    {
        Receive<LaunchTasks>(launch => Call(() => Launch(launch.Offer, launch.Tasks)));
        Receive<DeclineOffers>(decline => Call(() => Decline(decline.OfferIds, new Filters { RefuseSeconds = decline.RefuseSeconds })));
        Receive<KillTask>(kill => Call(() => Kill(new TaskID { Value = kill.TaskId }, kill.AgentId is null ? null : new AgentID { Value = kill.AgentId })));
        Receive<AcknowledgeUpdate>(ack =>
        {
            if (ack.Status.HasUuid) Call(() => Acknowledge(ack.Status));
        });
        Receive<ReconcileTasks>(reconcile => Call(() => Reconcile(reconcile.Tasks.Select(t => new TaskStatus
        {
            TaskId = new TaskID { Value = t.TaskId },
            AgentId = t.AgentId is null ? null : new AgentID { Value = t.AgentId },
            State = TaskState.TaskStaging,
        }))));
        Receive<ReviveOffers>(_ => Call(Revive));
        Receive<SuppressOffers>(_ => Call(Suppress));
    }

    // As Marathon: unreachable tasks are told as TASK_UNREACHABLE (and may come back), kills go through TASK_KILLING.
    private static SchedulerSettings WithCapabilities(SchedulerSettings settings)
    {
        var info = settings.FrameworkInfo.Clone();
        foreach (var capability in new[] { FrameworkInfo.Types.Capability.Types.Type.PartitionAware, FrameworkInfo.Types.Capability.Types.Type.TaskKillingState })
        {
            if (info.Capabilities.All(c => c.Type != capability)) info.Capabilities.Add(new FrameworkInfo.Types.Capability { Type = capability });
        }
        return new SchedulerSettings(settings.Masters, info)
        {
            Format = settings.Format,
            MaxMissedHeartbeats = settings.MaxMissedHeartbeats,
            MinBackoff = settings.MinBackoff,
            MaxBackoff = settings.MaxBackoff,
            ConnectTimeout = settings.ConnectTimeout,
            CallTimeout = settings.CallTimeout,
        };
    }

    public static Props Props(SchedulerSettings settings) => Akka.Actor.Props.Create(() => new MarathonFramework(settings));

    protected override void OnSubscribed(SchedulerEvent.Subscribed subscribed) => Context.Parent.Tell(new Subscribed(subscribed.FrameworkId.Value));

    protected override void OnResourceOffers(SchedulerEvent.ResourceOffers offers) => Context.Parent.Tell(new Offers(offers.Offers));

    protected override void OnStatusUpdate(SchedulerEvent.StatusUpdate update) => Context.Parent.Tell(new Update(update.Status));

    protected override void OnDisconnected(SchedulerEvent.Disconnected disconnected) => Context.Parent.Tell(Disconnected.Instance);

    protected override void OnError(SchedulerEvent.Error error) => _log.Error("The master refused the framework: {Message}", error.Message);

    // A call made while disconnected is dropped: the parent asks again after the next subscription (reconciliation, kills, launches).
    private void Call(Func<System.Threading.Tasks.Task> call)
    {
        if (IsSubscribed) _ = call();
    }
}
