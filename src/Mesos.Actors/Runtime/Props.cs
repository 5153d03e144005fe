namespace Mesos.Actors.Runtime;

/// <summary>
/// The recipe for an actor: how to create it and where it runs. Immutable; the With* methods
/// return changed copies, as in Akka.NET.
/// </summary>
public sealed record Props
{
    public const string DefaultDispatcherId = "default-dispatcher";
    public const string DefaultMailboxId = "default-mailbox";

    private Props(Type actorType, Func<ActorBase> factory)
    {
        ActorType = actorType;
        Factory = factory;
    }

    public Type ActorType { get; }

    internal Func<ActorBase> Factory { get; }

    /// <summary>The id of a dispatcher under <c>mesos.actor.dispatchers</c>.</summary>
    public string Dispatcher { get; private init; } = DefaultDispatcherId;

    /// <summary>The id of a mailbox under <c>mesos.actor.mailboxes</c>.</summary>
    public string Mailbox { get; private init; } = DefaultMailboxId;

    /// <summary>The strategy for the actor's children, unless the actor overrides SupervisorStrategy().</summary>
    public SupervisorStrategy? SupervisorStrategy { get; private init; }

    /// <summary>Props for an actor built by <paramref name="factory"/>, called again for each restart.</summary>
    public static Props Create<TActor>(Func<TActor> factory) where TActor : ActorBase =>
        new(typeof(TActor), factory);

    public static Props Create<TActor>() where TActor : ActorBase, new() =>
        new(typeof(TActor), static () => new TActor());

    public Props WithDispatcher(string dispatcherId) => this with { Dispatcher = dispatcherId };

    public Props WithMailbox(string mailboxId) => this with { Mailbox = mailboxId };

    public Props WithSupervisorStrategy(SupervisorStrategy strategy) => this with { SupervisorStrategy = strategy };
}
