using Microsoft.Extensions.Logging;

namespace Mesos.Actors.Runtime;

/// <summary>
/// How a parent handles its children's failures, as in Akka.NET: a decider maps the exception to a
/// directive, and the strategy applies it to the failed child alone or to all children.
/// </summary>
public abstract class SupervisorStrategy
{
    protected SupervisorStrategy(int maxNrOfRetries, TimeSpan withinTimeRange, Func<Exception, Directive> decider)
    {
        MaxNrOfRetries = maxNrOfRetries;
        WithinTimeRange = withinTimeRange;
        Decider = decider;
    }

    /// <summary>Restarts allowed within <see cref="WithinTimeRange"/> before the child is stopped; -1 for no limit.</summary>
    public int MaxNrOfRetries { get; }

    public TimeSpan WithinTimeRange { get; }

    public Func<Exception, Directive> Decider { get; }

    /// <summary>Akka's default decider: initialization failures, Kill and death pacts stop; anything else restarts.</summary>
    public static Directive DefaultDecider(Exception cause) => cause switch
    {
        ActorInitializationException => Directive.Stop,
        ActorKilledException => Directive.Stop,
        DeathPactException => Directive.Stop,
        _ => Directive.Restart,
    };

    /// <summary>One-for-one, restart on any exception, without limit.</summary>
    public static SupervisorStrategy DefaultStrategy { get; } = new OneForOneStrategy(DefaultDecider);

    /// <summary>Stops a failed child whatever the failure.</summary>
    public static SupervisorStrategy StoppingStrategy { get; } = new OneForOneStrategy(_ => Directive.Stop);

    /// <summary>Applies the decision; false means escalate.</summary>
    internal bool HandleFailure(ActorCell parent, ChildRestartStats failed, Exception cause, IReadOnlyCollection<ChildRestartStats> children)
    {
        var directive = Decider(cause);
        LogFailure(parent, failed.Child, cause, directive);
        switch (directive)
        {
            case Directive.Resume:
                failed.Child.SendSystemMessage(new Resume(cause));
                return true;
            case Directive.Restart:
                ProcessFailure(parent, restart: true, failed, cause, children);
                return true;
            case Directive.Stop:
                ProcessFailure(parent, restart: false, failed, cause, children);
                return true;
            default:
                return false;
        }
    }

    private protected abstract void ProcessFailure(ActorCell parent, bool restart, ChildRestartStats failed, Exception cause, IReadOnlyCollection<ChildRestartStats> children);

    private protected static void RestartChild(InternalActorRef child, Exception cause, bool suspendFirst)
    {
        if (suspendFirst) child.SendSystemMessage(Suspend.Instance);
        child.SendSystemMessage(new Recreate(cause));
    }

    private static void LogFailure(ActorCell parent, IActorRef child, Exception cause, Directive directive)
    {
        var level = directive == Directive.Escalate ? LogLevel.Debug : LogLevel.Error;
        parent.RuntimeLog.Log(level, cause, "Actor {Child} failed ({Directive}): {Message}", child.Path.ToStringWithoutAddress(), directive, cause.Message);
    }
}

/// <summary>Applies a decision to the failed child only.</summary>
public sealed class OneForOneStrategy : SupervisorStrategy
{
    public OneForOneStrategy(Func<Exception, Directive> decider) : this(-1, Timeout.InfiniteTimeSpan, decider) { }

    public OneForOneStrategy(int maxNrOfRetries, TimeSpan withinTimeRange, Func<Exception, Directive> decider)
        : base(maxNrOfRetries, withinTimeRange, decider) { }

    private protected override void ProcessFailure(ActorCell parent, bool restart, ChildRestartStats failed, Exception cause, IReadOnlyCollection<ChildRestartStats> children)
    {
        if (restart && failed.RequestRestartPermission(MaxNrOfRetries, WithinTimeRange, parent.System.TimeProvider))
        {
            RestartChild(failed.Child, cause, suspendFirst: false);
        }
        else
        {
            parent.Stop(failed.Child);
        }
    }
}

/// <summary>Applies a decision to every child of the supervisor, for children that only make sense together.</summary>
public sealed class AllForOneStrategy : SupervisorStrategy
{
    public AllForOneStrategy(Func<Exception, Directive> decider) : this(-1, Timeout.InfiniteTimeSpan, decider) { }

    public AllForOneStrategy(int maxNrOfRetries, TimeSpan withinTimeRange, Func<Exception, Directive> decider)
        : base(maxNrOfRetries, withinTimeRange, decider) { }

    private protected override void ProcessFailure(ActorCell parent, bool restart, ChildRestartStats failed, Exception cause, IReadOnlyCollection<ChildRestartStats> children)
    {
        var time = parent.System.TimeProvider;
        if (restart && children.All(c => c.RequestRestartPermission(MaxNrOfRetries, WithinTimeRange, time)))
        {
            foreach (var child in children) RestartChild(child.Child, cause, suspendFirst: !child.Child.Equals(failed.Child));
        }
        else
        {
            foreach (var child in children) parent.Stop(child.Child);
        }
    }
}
