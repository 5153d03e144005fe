using Mesos.Actors.Protocol;
using Akka.Actor;
using Mesos.V1;
using Task = System.Threading.Tasks.Task;
using Mesos.V1.Scheduler;
using Akka.Event;

using static Mesos.Actors.Framework.SchedulerEvent;

namespace Mesos.Actors.Framework;

/// <summary>
/// The base of a Mesos framework's scheduler: derive from it, override the <c>On...</c> handlers and
/// answer with the call methods (<see cref="Launch"/>, <see cref="Decline"/>, ...). The actor subscribes
/// to the leading master over the v1 HTTP API as soon as it starts, keeps the event stream open, and when
/// the connection is lost (closed, failed, or silent for <see cref="SchedulerSettings.MaxMissedHeartbeats"/>
/// heartbeat intervals) subscribes again with backoff under the same framework id, so that the master
/// keeps its tasks within the framework's failover timeout.
/// </summary>
/// <remarks>
/// Derived classes may declare their own <c>Receive&lt;T&gt;</c> handlers in their constructor, and must
/// not call <c>Become</c>: the actor's own handlers would be replaced with the behaviour. Overrides of
/// <see cref="PreStart"/> and <see cref="PostStop"/> must call the base. Stopping the actor closes the
/// connection without tearing the framework down; call <see cref="Teardown"/> for that.
/// </remarks>
public abstract partial class SchedulerActor : ReceiveActor, IWithTimers
{
    private static readonly object ConnectTimer = new();
    private static readonly object HeartbeatTimer = new();

    // Answers of "none leads" in a row after which the next master is asked instead (an election takes seconds).
    private const int MaxAsksWhileNoneLeads = 4;

    // Streams of one older epoch refused in a row after which it is taken: a deposed leader is downed within seconds.
    private const int MaxStaleRefusals = 10;

    private readonly SchedulerSettings _settings;
    private readonly Backoff _backoff;
    private SchedulerConnection? _connection;
    private ILoggingAdapter _log = NoLogger.Instance;

    // Every open stream and subscription attempt has its own generation; messages of an older one are stale.
    private int _generation;
    private SchedulerStream? _stream;
    private CancellationTokenSource? _streamCancel;
    private HeartbeatWatch? _watch;
    private MasterAddress? _leader;
    private int _nextMaster;
    private int _unavailableAnswers;

    // The latest registry epoch a master subscribed this framework with, and an older one refused lately.
    private ulong _epoch;
    private ulong _staleEpoch;
    private int _staleRefusals;
    private bool _finished;
    private OfferCallOrder _offerCallOrder = new();

    /// <param name="settings">The masters, the framework's FrameworkInfo, and connection settings.</param>
    protected SchedulerActor(SchedulerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _backoff = new Backoff(settings.MinBackoff, settings.MaxBackoff, Random.Shared);
        FrameworkId = settings.FrameworkInfo.Id;

        Receive<Connect>(_ => StartSubscription());
        Receive<StreamOpened>(m => m.Generation == _generation, OnStreamOpened);
        Receive<StreamOpened>(m => m.Stream.Dispose());
        Receive<SubscriptionFailed>(m => m.Generation == _generation, OnSubscriptionFailed);
        Receive<EventArrived>(m => m.Generation == _generation, m => OnEventArrived(m.Event));
        Receive<StreamEnded>(m => m.Generation == _generation, m => ConnectionLost(m.Reason));
        Receive<CheckHeartbeat>(_ => OnCheckHeartbeat());
        // Late messages of a closed stream or an abandoned attempt.
        Receive<SubscriptionFailed>(_ => { });
        Receive<EventArrived>(_ => { });
        Receive<StreamEnded>(_ => { });
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The framework's id: the one configured, then the one the master assigned at the first subscription.</summary>
    protected FrameworkID? FrameworkId { get; private set; }

    /// <summary>Whether the master has confirmed the current subscription (calls can be sent).</summary>
    protected bool IsSubscribed { get; private set; }

    /// <summary>The master that holds the current stream.</summary>
    protected MasterAddress? Master => _stream?.Leader;

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    /// <summary>Starts the first subscription. Overrides must call the base.</summary>
    protected override void PreStart()
    {
        _log = Context.GetLogger();
        _connection = new SchedulerConnection(_settings.Format, _settings.ConnectTimeout, _settings.CallTimeout);
        StartSubscription();
    }

    /// <summary>Closes the connection. Overrides must call the base.</summary>
    protected override void PostStop()
    {
        CloseStream();
        _connection?.Dispose();
        _connection = null;
    }

    /// <summary>The master accepted the subscription (also after each re-subscription).</summary>
    protected virtual void OnSubscribed(Subscribed subscribed)
    {
    }

    /// <summary>New offers. By default they are all declined, so that an actor that ignores offers does not hold resources.</summary>
    protected virtual void OnResourceOffers(ResourceOffers offers) =>
        Decline(offers.Offers.Select(o => o.Id));

    protected virtual void OnOfferRescinded(OfferRescinded rescinded)
    {
    }

    /// <summary>A task's new state; with auto-acknowledgement on, the update is acknowledged after this returns.</summary>
    protected virtual void OnStatusUpdate(StatusUpdate update)
    {
    }

    protected virtual void OnFrameworkMessage(FrameworkMessage message)
    {
    }

    protected virtual void OnAgentLost(AgentLost lost)
    {
    }

    protected virtual void OnExecutorLost(ExecutorLost lost)
    {
    }

    /// <summary>The master refused the framework; the actor will not subscribe again.</summary>
    protected virtual void OnError(SchedulerEvent.Error error)
    {
    }

    /// <summary>The connection was lost or could not be made; a new subscription follows after a backoff.</summary>
    protected virtual void OnDisconnected(Disconnected disconnected)
    {
    }

    private void StartSubscription()
    {
        if (_finished || _connection is null) return;
        var generation = ++_generation;
        var master = _leader ?? _settings.Masters[_nextMaster++ % _settings.Masters.Count];
        var info = _settings.FrameworkInfo.Clone();
        info.Id = FrameworkId;
        _streamCancel = new CancellationTokenSource();
        _connection.Subscribe(master, SchedulerCalls.Subscribe(info), _streamCancel.Token).PipeTo(Self, Self,
            stream => new StreamOpened(generation, stream),
            e => new SubscriptionFailed(generation, master, e));
    }

    private void OnStreamOpened(StreamOpened opened)
    {
        _stream = opened.Stream;
        _leader = opened.Stream.Leader;
        _unavailableAnswers = 0;
        if (Stale(opened.Stream.Epoch) is { } stale)
        {
            ConnectionLost(stale);
            return;
        }
        _watch = new HeartbeatWatch(_settings.MaxMissedHeartbeats, Now);
        Timers.StartPeriodicTimer(HeartbeatTimer, CheckHeartbeat.Instance, _watch.Interval);
        _ = ReadEvents(opened.Stream, opened.Generation, Self, _streamCancel!.Token);
    }

    private void OnSubscriptionFailed(SubscriptionFailed failed)
    {
        _leader = null;
        _streamCancel?.Dispose();
        _streamCancel = null;
        if (failed.Cause is SchedulerCallException { StatusCode: >= System.Net.HttpStatusCode.BadRequest and < System.Net.HttpStatusCode.InternalServerError } refused)
        {
            // The master judged the subscription itself (bad FrameworkInfo, unknown role...): retrying cannot help.
            _finished = true;
            _log.Error("The master at {Master} refused the subscription: {Message}", failed.Master, refused.MasterMessage);
            OnError(new SchedulerEvent.Error(refused.Message));
            return;
        }
        // A master that answers while none leads is alive and reachable, and points at the leader once one is
        // elected: it is asked again a few times, rather than the next master, which may be the one that was lost.
        var again = failed.Cause is SchedulerCallException { StatusCode: System.Net.HttpStatusCode.ServiceUnavailable } && ++_unavailableAnswers < MaxAsksWhileNoneLeads;
        if (!again) _unavailableAnswers = 0;
        AskNext(failed.Master, again ? 0 : 1);
        ConnectionLost($"Failed to subscribe with the master at {failed.Master}: {Describe(failed.Cause)}");
    }

    /// <summary>
    /// Why a stream from a master of <paramref name="epoch"/> is refused, or null to take it. A master whose registry epoch
    /// is older than one this framework heard was deposed, and may not know it yet (cut away from the other masters, it
    /// still answers until the cluster downs it): the framework asks the next master. Masters whose registry began again
    /// (in memory, all restarted) count from 1 again: the same older epoch, refused <see cref="MaxStaleRefusals"/> times
    /// in a row, is taken.
    /// </summary>
    private string? Stale(ulong? epoch)
    {
        if (epoch is not { } heard) return null;
        if (heard >= _epoch || (heard == _staleEpoch && ++_staleRefusals >= MaxStaleRefusals))
        {
            _epoch = heard;
            _staleEpoch = 0;
            _staleRefusals = 0;
            return null;
        }
        if (heard != _staleEpoch) (_staleEpoch, _staleRefusals) = (heard, 1);
        return $"Refused the event stream of the master at {_leader}: its epoch {heard} is older than {_epoch}, the epoch of a later leader";
    }

    /// <summary>The next subscription goes to the master <paramref name="offset"/> places after <paramref name="master"/> in the list (when it is in it).</summary>
    private void AskNext(MasterAddress master, int offset)
    {
        for (var i = 0; i < _settings.Masters.Count; i++)
        {
            if (_settings.Masters[i].Equals(master)) _nextMaster = i + offset;
        }
    }

    private void OnEventArrived(Event e)
    {
        _watch?.EventSeen(Now);
        if (e is { Type: Event.Types.Type.Subscribed, Subscribed: { } subscribed })
        {
            FrameworkId = subscribed.FrameworkId;
            IsSubscribed = true;
            _backoff.Reset();
            _watch?.UseInterval(SchedulerEventMapper.HeartbeatInterval(subscribed));
            if (_watch is not null) Timers.StartPeriodicTimer(HeartbeatTimer, CheckHeartbeat.Instance, _watch.Interval);
            _log.Info("Subscribed as framework {FrameworkId} with the master at {Master}", FrameworkId.Value, Master);
        }
        switch (SchedulerEventMapper.Map(e))
        {
            case Subscribed m: OnSubscribed(m); break;
            case ResourceOffers m: OnResourceOffers(m); break;
            case OfferRescinded m: OnOfferRescinded(m); break;
            case StatusUpdate m: OnUpdate(m); break;
            case FrameworkMessage m: OnFrameworkMessage(m); break;
            case AgentLost m: OnAgentLost(m); break;
            case ExecutorLost m: OnExecutorLost(m); break;
            case SchedulerEvent.Error when _finished:
                // The master confirms a teardown this actor asked for with an ERROR; it is no news to the application.
                CloseStream();
                break;
            case SchedulerEvent.Error m:
                _finished = true;
                CloseStream();
                _log.Error("The master sent an error: {Message}", m.Message);
                OnError(m);
                break;
        }
    }

    private void OnUpdate(StatusUpdate update)
    {
        OnStatusUpdate(update);
        if (_settings.AutoAcknowledge && SchedulerCalls.Acknowledge(update.Status) is { } acknowledge) Send(acknowledge);
    }

    private void OnCheckHeartbeat()
    {
        if (_stream is null || _watch is null || !_watch.IsMissed(Now)) return;
        ConnectionLost($"No event from the master at {_stream.Leader} for {_watch.Silence(Now).TotalSeconds:0.#}s " +
            $"(heartbeats every {_watch.Interval.TotalSeconds:0.#}s)");
    }

    private void ConnectionLost(string reason)
    {
        CloseStream();
        // The next attempt asks the master after the lost one: any follower points at whichever master leads
        // now, while the lost one may be dead or cut away, and an attempt on it waits out the connect timeout.
        if (_leader is { } lost)
        {
            _leader = null;
            AskNext(lost, 1);
        }
        if (_finished) return;
        var delay = _backoff.Next();
        _log.Warning("{Reason}; subscribing again in {Delay}ms", reason, (long)delay.TotalMilliseconds);
        OnDisconnected(new Disconnected(reason));
        if (!_finished) Timers.StartSingleTimer(ConnectTimer, Connect.Instance, delay);
    }

    private void CloseStream()
    {
        _generation++;
        // Calls still in flight on the old stream are refused by the master; new ones need not wait for them.
        _offerCallOrder = new OfferCallOrder();
        IsSubscribed = false;
        Timers.Cancel(HeartbeatTimer);
        _streamCancel?.Cancel();
        _streamCancel?.Dispose();
        _streamCancel = null;
        _stream?.Dispose();
        _stream = null;
        _watch = null;
    }

    private static async Task ReadEvents(SchedulerStream stream, int generation, IActorRef self, CancellationToken cancellationToken)
    {
        await Task.Yield();
        string reason;
        try
        {
            while (await stream.ReadAsync(cancellationToken).ConfigureAwait(false) is { } e)
            {
                self.Tell(new EventArrived(generation, e), self);
            }
            reason = $"The master at {stream.Leader} closed the event stream";
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            // Whatever broke the stream (socket, framing, decoding), the actor must hear of it to reconnect.
            reason = $"The event stream from the master at {stream.Leader} failed: {Describe(e)}";
        }
        self.Tell(new StreamEnded(generation, reason), self);
    }

    private static string Describe(Exception e) => e switch
    {
        HttpRequestException { InnerException: { } inner } when !e.Message.Contains(inner.Message, StringComparison.Ordinal) => $"{e.Message} ({inner.Message})",
        TaskCanceledException => "the attempt timed out",
        _ => e.Message,
    };
}
