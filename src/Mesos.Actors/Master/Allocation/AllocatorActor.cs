using System.Diagnostics;
using Mesos.Actors.Allocator;
using Akka.Actor;
using Akka.Event;
using Mesos.Actors.Master.Operator;

namespace Mesos.Actors.Master.Allocation;

/// <summary>
/// The master's allocator: the pure <see cref="HierarchicalAllocator"/> in an actor of its own, so that
/// a round over a large cluster never holds the master up. It runs a round every allocation interval,
/// and a prompt one after changes (batched: one round for every change queued before it), and sends
/// the offers to its parent. Resources it offers stay allocated until the master recovers them.
/// As in Mesos, the interval's tick asks for a round as a change does, so a round is never run
/// twice for one wait, and each round's latency is the time it waited in the mailbox.
/// </summary>
internal sealed class AllocatorActor : ReceiveActor, IWithTimers
{
    private readonly HierarchicalAllocator _allocator;
    private readonly AllocatorOptions _options;
    private readonly ILoggingAdapter _log;
    private long? _roundAskedAt;

    /// <summary>The sequence number of the master's last batch taken, which every offer made after it carries.</summary>
    private long _lastBatch;

    public AllocatorActor(AllocatorOptions options)
    {
        _options = options;
        _allocator = new HierarchicalAllocator(options);
        _log = Context.GetLogger();

        Receive<AllocatorChange>(OnChange);
        Receive<ConvertAvailable>(OnConvertAvailable);
        Receive<AllocatorBatch>(OnBatch);
        Receive<CompleteDiagnosis>(d => Sender.Tell(Diagnose(d.Diagnosis), Self));
        Receive<PeriodicRound>(_ => AllocateSoon());
        Receive<PromptRound>(_ => Allocate());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(AllocatorOptions options) => Akka.Actor.Props.Create(() => new AllocatorActor(options));

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    protected override void PreStart() =>
        Timers.StartPeriodicTimer(PeriodicRound.Instance, PeriodicRound.Instance, _options.AllocationInterval);

    protected override void PostRestart(Exception reason)
    {
        _log.Error(reason, "The allocator failed and starts empty; the master hands it the cluster again");
        base.PostRestart(reason);
        Context.Parent.Tell(AllocatorRestarted.Instance, Self);
    }

    private void OnChange(AllocatorChange change)
    {
        try
        {
            change.Apply(_allocator, Now);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // The master and the allocator disagree about what exists (a framework or agent already
            // gone): the change is moot, and restarting would lose every allocation.
            _log.Warning("Allocator ignored {Change}: {Message}", change.GetType().Name, e.Message);
            return;
        }
        AllocateSoon();
    }

    // The prompt round a change asks for is queued behind the batch, so it sees the whole of it.
    private void OnBatch(AllocatorBatch batch)
    {
        _lastBatch = batch.Sequence;
        foreach (var message in batch.Messages)
        {
            switch (message)
            {
                case AllocatorChange change:
                    OnChange(change);
                    break;
                case ConvertAvailable request:
                    OnConvertAvailable(request);
                    break;
                default:
                    throw new ArgumentException($"An allocator batch holds changes and conversions, not {message.GetType().Name}", nameof(batch));
            }
        }
    }

    private void AllocateSoon()
    {
        if (_roundAskedAt is not null) return;
        _roundAskedAt = Stopwatch.GetTimestamp();
        Self.Tell(PromptRound.Instance, Self);
    }

    private void OnConvertAvailable(ConvertAvailable request)
    {
        string? error;
        try
        {
            _allocator.TryUpdateAvailable(request.AgentId, [request.Operation], out error);
        }
        catch (ArgumentException e)
        {
            error = e.Message;
        }
        Sender.Tell(new AvailableConverted(request, error), Self);
        if (error is null) AllocateSoon();
    }

    // Durations are measured on the machine's clock: they are how long the work took, whatever the scheduler's time.
    private void Allocate()
    {
        var started = Stopwatch.GetTimestamp();
        var latency = Stopwatch.GetElapsedTime(_roundAskedAt ?? started, started);
        _roundAskedAt = null;
        var offers = _allocator.Allocate(Now);
        var run = Stopwatch.GetElapsedTime(started);
        if (offers.Count > 0) Context.Parent.Tell(new ResourcesOffered(offers, _lastBatch), Self);
        Context.Parent.Tell(new AllocationRan(run, latency), Self);
    }

    private OfferDiagnosis Diagnose(OfferDiagnosis diagnosis)
    {
        var standing = _allocator.Standing(diagnosis.FrameworkId, Now);
        return diagnosis with
        {
            AllocatorActive = standing?.Active ?? false,
            AllocationPaused = _allocator.IsPaused(Now),
            Roles = standing?.Roles.Select(r => new RoleStandingView(r.Role, r.Weight, r.RoleShare, r.FrameworkShare, r.Suppressed,
                Amounts(r.Held), Amounts(r.Quota.Guarantees), Amounts(r.Quota.Limits), Amounts(r.Consumed))).ToList() ?? [],
            Filters = standing?.Filters.Select(f => new ActiveFilter(f.AgentId, f.Role, f.Refused, f.Expires)).ToList() ?? [],
            FreeUnreserved = Amounts(_allocator.FreeUnreserved),
            MinAllocatable = _options.MinAllocatableResources.Select(Amounts).ToList(),
        };
    }

    private static IReadOnlyDictionary<string, double> Amounts(ResourceQuantities quantities) =>
        quantities.Names.ToDictionary(n => n, n => quantities[n], StringComparer.Ordinal);

    private sealed record PeriodicRound
    {
        public static PeriodicRound Instance { get; } = new();
    }

    private sealed record PromptRound
    {
        public static PromptRound Instance { get; } = new();
    }
}
