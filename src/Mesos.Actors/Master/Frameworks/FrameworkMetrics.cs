using Mesos.Actors.Metrics;
using Mesos.Actors.Protocol;
using Mesos.V1;
using Mesos.V1.Scheduler;
using OperationType = Mesos.V1.Offer.Types.Operation.Types.Type;

namespace Mesos.Actors.Master.Frameworks;

/// <summary>
/// What one framework did and was sent, counted as Mesos counts it under
/// <c>master/frameworks/NAME/ID/</c>: calls and events by type, offers sent, accepted, declined and
/// rescinded, offer operations by type and tasks that ended, by state. Names here are relative to
/// the framework's prefix; the gauges (subscribed, active tasks, suppressed roles) are read off the
/// framework when a snapshot is taken (<see cref="Operator.MasterMetrics"/>).
/// </summary>
internal sealed class FrameworkMetrics
{
    public const string OffersSent = "offers/sent";
    public const string OffersAccepted = "offers/accepted";
    public const string OffersDeclined = "offers/declined";
    public const string OffersRescinded = "offers/rescinded";

    private static readonly string[] Names =
    [
        "calls", .. Enum.GetValues<Call.Types.Type>().Where(t => t != Call.Types.Type.Unknown).Select(CallName),
        "events", .. Enum.GetValues<Event.Types.Type>().Where(t => t != Event.Types.Type.Unknown).Select(EventName),
        OffersSent, OffersAccepted, OffersDeclined, OffersRescinded,
        "operations", .. Enum.GetValues<OperationType>().Where(t => t != OperationType.Unknown).Select(OperationName),
        .. Enum.GetValues<TaskState>().Where(TaskStates.IsTerminal).Select(TaskEndedName),
    ];

    private readonly MetricCounters _counters = new(Names);

    public void Called(Call.Types.Type type) => Count("calls", CallName(type));

    public void Sent(Event.Types.Type type) => Count("events", EventName(type));

    public void Operated(OperationType type) => Count("operations", OperationName(type));

    public void Offers(string name, int count) => _counters.Add(name, count);

    public void TaskEnded(TaskState state) => _counters.Increment(TaskEndedName(state));

    public IReadOnlyDictionary<string, long> Snapshot() => _counters.Snapshot();

    /// <summary>The gauge of tasks in a state that is not terminal, as <c>tasks/active/task_running</c>.</summary>
    public static string TaskActiveName(TaskState state) => "tasks/active/" + Lower(state);

    private void Count(string total, string name)
    {
        _counters.Increment(total);
        _counters.Increment(name);
    }

    private static string CallName(Call.Types.Type type) => "calls/" + Lower(type);

    private static string EventName(Event.Types.Type type) => "events/" + Lower(type);

    private static string OperationName(OperationType type) => "operations/" + Lower(type);

    private static string TaskEndedName(TaskState state) => "tasks/terminal/" + Lower(state);

    private static string Lower(Enum value) => ProtoNames.Of(value).ToLowerInvariant();
}
