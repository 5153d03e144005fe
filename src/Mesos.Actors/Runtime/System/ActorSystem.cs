using Mesos.Actors.Configuration;
using Microsoft.Extensions.Logging;

namespace Mesos.Actors.Runtime;

/// <summary>
/// A hierarchy of actors sharing settings, dispatchers, a scheduler and an event stream, as in Akka.NET.
/// Top-level actors live under <c>/user</c>; the runtime's own under <c>/system</c>.
/// </summary>
public sealed class ActorSystem : IActorRefFactory
{
    internal const string UserGuardianName = "user";
    internal const string SystemGuardianName = "system";

    private readonly ActorPath _rootPath;
    private readonly Dispatchers _dispatchers;
    private readonly ActorCell _root;
    private readonly ActorCell _userGuardian;
    private readonly ActorCell _systemGuardian;
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _uids;
    private long _tempNames;

    private ActorSystem(string name, ActorSettings settings, ActorSystemSetup setup)
    {
        Name = name;
        Settings = settings;
        TimeProvider = setup.TimeProvider;
        LoggerFactory = setup.LoggerFactory;
        Scheduler = new Scheduler(TimeProvider);
        EventStream = new EventStream();
        _rootPath = ActorPath.Root(name);
        DeadLetterRef = new DeadLetterActorRef(this, _rootPath / "deadLetters");
        DeadLetterLog = new DeadLetterLog(LoggerFactory.CreateLogger("Mesos.Actors.DeadLetters"), settings, TimeProvider);
        _dispatchers = new Dispatchers(settings, setup.Dispatcher);

        _root = CreateCell(Props.Create(static () => new RootGuardian()), _rootPath, new RootParentRef(this, _rootPath / "bubble-walker"));
        // Guardians exist before the root starts, so that its PreStart finds them.
        _userGuardian = ((LocalActorRef)_root.ActorOf(Props.Create(static () => new GuardianActor()), UserGuardianName)).Cell;
        _systemGuardian = ((LocalActorRef)_root.ActorOf(Props.Create(static () => new GuardianActor()), SystemGuardianName)).Cell;
        _root.Start();
    }

    public string Name { get; }
    public ActorSettings Settings { get; }
    public TimeProvider TimeProvider { get; }
    public ILoggerFactory LoggerFactory { get; }
    public Scheduler Scheduler { get; }
    public EventStream EventStream { get; }
    public IActorRef DeadLetters => DeadLetterRef;

    /// <summary>Completes once every actor has stopped after <see cref="Terminate"/>.</summary>
    public Task WhenTerminated => _terminated.Task;

    internal DeadLetterActorRef DeadLetterRef { get; }
    internal DeadLetterLog DeadLetterLog { get; }

    /// <summary>Creates a system configured by <paramref name="config"/> (falling back on reference.conf).</summary>
    public static ActorSystem Create(string name, Config config, ActorSystemSetup? setup = null) =>
        Create(name, ActorSettings.FromConfig(config), setup);

    /// <summary>Creates a system; names are letters, digits, '-' and '_', starting with a letter or digit.</summary>
    public static ActorSystem Create(string name, ActorSettings? settings = null, ActorSystemSetup? setup = null)
    {
        if (string.IsNullOrEmpty(name) || !char.IsAsciiLetterOrDigit(name[0]) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException($"Invalid actor system name [{name}]: use letters, digits, '-' and '_', starting with a letter or digit.", nameof(name));
        }
        return new ActorSystem(name, settings ?? ActorSettings.Default, setup ?? new ActorSystemSetup());
    }

    /// <summary>Creates a top-level actor under /user.</summary>
    public IActorRef ActorOf(Props props, string? name = null) => _userGuardian.ActorOf(props, name);

    /// <summary>Creates one of the runtime's own actors under /system.</summary>
    internal IActorRef SystemActorOf(Props props, string? name = null) => _systemGuardian.ActorOf(props, name);

    /// <summary>Stops an actor; its children stop before it does.</summary>
    public void Stop(IActorRef actor) => _userGuardian.Stop(actor);

    /// <summary>Stops every actor, user actors first, and completes <see cref="WhenTerminated"/>.</summary>
    public Task Terminate()
    {
        DeadLetterLog.ShuttingDown = true;
        _root.Self.Tell(new TerminateSystem(), null);
        return WhenTerminated;
    }

    /// <summary>The whole actor tree from the root: paths, actor types and mailbox lengths.</summary>
    public ActorInfo GetHierarchy() => _root.Snapshot();

    internal ActorCell CreateCell(Props props, ActorPath path, InternalActorRef parent)
    {
        if (!Settings.Mailboxes.TryGetValue(props.Mailbox, out var mailbox))
        {
            throw new ArgumentException($"No mailbox '{props.Mailbox}' is configured under mesos.actor.mailboxes.");
        }
        return new ActorCell(this, path, props, parent, new Mailbox(MessageQueue.Create(mailbox), _dispatchers.Lookup(props.Dispatcher)));
    }

    internal long NextUid() => Interlocked.Increment(ref _uids);

    internal ActorPath NextTempPath() => _rootPath / "temp" / ("$" + Interlocked.Increment(ref _tempNames));

    internal void OnRootTerminated()
    {
        _dispatchers.Shutdown();
        _terminated.TrySetResult();
    }

    /// <summary>The system an actor ref belongs to.</summary>
    internal static ActorSystem Of(IActorRef actor) => actor switch
    {
        LocalActorRef local => local.Cell.System,
        DeadLetterActorRef deadLetters => deadLetters.System,
        _ => ActorCell.Current?.System,
    } ?? throw new ArgumentException($"{actor} does not belong to an actor system this code can reach.");

    public override string ToString() => $"ActorSystem({Name})";
}
