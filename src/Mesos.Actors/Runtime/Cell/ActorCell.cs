using Microsoft.Extensions.Logging;

namespace Mesos.Actors.Runtime;

/// <summary>
/// The runtime's side of one actor: its mailbox, behaviour, children, watchers and lifecycle. All
/// state here is touched only by the thread running the mailbox, except the children registry
/// (locked), because the system creates top-level actors from any thread.
/// </summary>
internal sealed partial class ActorCell : IActorContext
{
    [ThreadStatic] private static ActorCell? _current;

    private readonly InternalActorRef _parent;
    private readonly List<Receive> _behaviors = [];
    private ActorBase? _actor;
    private Receive _behavior = static _ => false;
    private Receive _initialBehavior = static _ => false;
    private Envelope _currentEnvelope;
    private ILogger? _log;
    private bool _creatingActor;

    public ActorCell(ActorSystem system, ActorPath path, Props props, InternalActorRef parent, Mailbox mailbox)
    {
        System = system;
        Props = props;
        _parent = parent;
        Mailbox = mailbox;
        Self = new LocalActorRef(this, path, system.NextUid());
        mailbox.Attach(this);
    }

    /// <summary>The cell whose mailbox this thread is running, for implicit senders and actor construction.</summary>
    public static ActorCell? Current
    {
        get => _current;
        set => _current = value;
    }

    public ActorSystem System { get; }
    public Props Props { get; }
    public LocalActorRef Self { get; }
    public Mailbox Mailbox { get; }
    public InternalActorRef ParentRef => _parent;
    public ActorBase? Actor => _actor;

    IActorRef IActorContext.Self => Self;
    public IActorRef Parent => _parent;
    public IActorRef Sender => _currentEnvelope.Sender ?? System.DeadLetters;

    /// <summary>The runtime's own log lines about this actor (failures, unhandled messages).</summary>
    public ILogger RuntimeLog => _log ??= new ActorLogger(System.LoggerFactory.CreateLogger(Props.ActorType.FullName ?? Props.ActorType.Name), Self.Path);

    public ILogger GetLogger() => RuntimeLog;

    /// <summary>Starts the actor: its Create is the first message it processes.</summary>
    public void Start() => Mailbox.PostSystem(Create.Instance);

    public void Invoke(in Envelope envelope)
    {
        _currentEnvelope = envelope;
        try
        {
            var message = envelope.Message;
            if (message is IAutoReceivedMessage) AutoReceive(message);
            else ReceiveMessage(message);
            if (_receiveTimeout is not null && message is not INotInfluenceReceiveTimeout) TouchReceiveTimeout();
        }
        catch (Exception e)
        {
            HandleInvokeFailure(e);
        }
    }

    public void SystemInvoke(SystemMessage message)
    {
        try
        {
            switch (message)
            {
                case Create: CreateActor(); break;
                case Failed failed: HandleFailed(failed); break;
                case DeathWatchNotification n: HandleDeathWatchNotification(n); break;
                case Watch watch: AddWatcher(watch); break;
                case Unwatch unwatch: RemoveWatcher(unwatch); break;
                case Suspend: SuspendSelfAndChildren(); break;
                case Resume resume: ResumeSelfAndChildren(resume.CausedByFailure); break;
                case Recreate recreate: BeginRecreate(recreate.Cause); break;
                case Terminate: BeginTerminate(); break;
                case RunContinuation continuation: RunContinuation(continuation); break;
                case AsyncHandlerCompleted completed: HandleAsyncHandlerCompleted(completed); break;
            }
        }
        catch (Exception e)
        {
            HandleInvokeFailure(e);
        }
    }

    private void ReceiveMessage(object message)
    {
        if (!_behavior(message)) _actor!.AroundUnhandled(message);
    }

    private void AutoReceive(object message)
    {
        switch (message)
        {
            case PoisonPill:
                Stop(Self);
                break;
            case Kill:
                throw new ActorKilledException("Kill");
            case Identify identify:
                Sender.Tell(new ActorIdentity(identify.MessageId, Self), Self);
                break;
            case TerminatedDelivery delivery:
                if (_queuedTerminations.Remove(delivery.Actor)) ReceiveMessage(delivery.Message);
                break;
            case TimerMessage timer:
                if (_timers is not null && _timers.Accept(timer)) ReceiveMessage(timer.Message);
                break;
            case ReceiveTimeoutTick tick:
                HandleReceiveTimeoutTick(tick);
                break;
        }
    }

    /// <summary>What happens to a message no behaviour handled.</summary>
    public void Unhandled(object message)
    {
        if (message is Terminated terminated) throw new DeathPactException(terminated.ActorRef);
        System.DeadLetterLog.Record(message, Sender, Self, "unhandled message");
        System.EventStream.Publish(new UnhandledMessage(message, Sender, Self));
    }

    // Akka's behaviour stack: Become replaces the top (even the actor's own Receive), BecomeStacked
    // pushes, and Unbecome pops, falling back to the actor's own Receive when nothing is left.
    public void Become(Receive receive)
    {
        _behaviors[^1] = receive;
        _behavior = receive;
    }

    public void BecomeStacked(Receive receive)
    {
        _behaviors.Add(receive);
        _behavior = receive;
    }

    public void Unbecome()
    {
        if (_behaviors.Count > 1) _behaviors.RemoveAt(_behaviors.Count - 1);
        else _behaviors[0] = _initialBehavior;
        _behavior = _behaviors[^1];
    }

    private void ResetBehavior(ActorBase actor)
    {
        _initialBehavior = actor.InitialBehavior();
        _behaviors.Clear();
        _behaviors.Add(_initialBehavior);
        _behavior = _initialBehavior;
    }

    /// <summary>
    /// True once per instance the cell is creating: an actor constructed any other way (with 'new'
    /// inside a handler, or a second one inside the factory) would bind to the wrong cell.
    /// </summary>
    public bool TakeCreationSlot()
    {
        if (!_creatingActor) return false;
        _creatingActor = false;
        return true;
    }

    private ActorBase NewActor()
    {
        var previous = Current;
        Current = this;
        _creatingActor = true;
        try
        {
            var actor = Props.Factory();
            if (actor.Cell != this)
            {
                throw new ActorInitializationException(Self, "The Props factory must create a new actor instance each time it is called.", null);
            }
            ResetBehavior(actor);
            if (actor is IWithStash withStash) withStash.Stash = Stash;
            if (actor is IWithTimers withTimers) withTimers.Timers = Timers;
            return actor;
        }
        finally
        {
            _creatingActor = false;
            Current = previous;
        }
    }

    private void CreateActor()
    {
        try
        {
            _actor = NewActor();
            _actor.AroundPreStart();
        }
        catch (Exception e) when (e is not ActorInitializationException)
        {
            throw new ActorInitializationException(Self, $"Exception while creating actor {Self.Path}: {e.Message}", e);
        }
    }

    public override string ToString() => $"ActorCell({Self.Path})";
}
