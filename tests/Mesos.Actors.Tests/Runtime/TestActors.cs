using Mesos.Actors.Runtime;

namespace Mesos.Actors.Tests.Runtime;

/// <summary>Replies with what it gets, except that it throws the exceptions it is sent.</summary>
internal sealed class EchoActor : ReceiveActor
{
    public EchoActor()
    {
        Receive<Exception>(e => throw e);
        ReceiveAny(m => Sender.Tell(m, Self));
    }
}

/// <summary>Reports its lifecycle to a probe and fails on demand; counts messages to show state resets.</summary>
internal sealed class LifecycleActor : ReceiveActor
{
    private readonly IActorRef _probe;
    private int _count;

    public LifecycleActor(IActorRef probe)
    {
        _probe = probe;
        _probe.Tell("ctor", Self);
        Receive<Exception>(e => throw e);
        Receive<string>(s => s == "count", _ => Sender.Tell(++_count, Self));
        Receive<Props>(p => Sender.Tell(Context.ActorOf(p, "child"), Self));
        ReceiveAny(m => _probe.Tell(m, Self));
    }

    protected override void PreStart() => _probe.Tell("preStart", Self);
    protected override void PostStop() => _probe.Tell("postStop", Self);

    protected override void PreRestart(Exception reason, object? message)
    {
        _probe.Tell(new PreRestarted(reason.Message, message), Self);
        base.PreRestart(reason, message);
    }

    protected override void PostRestart(Exception reason)
    {
        _probe.Tell(new PostRestarted(reason.Message), Self);
        base.PostRestart(reason);
    }

    internal sealed record PreRestarted(string Reason, object? Message);

    internal sealed record PostRestarted(string Reason);
}

/// <summary>A parent whose strategy the test chooses; creates children on request.</summary>
internal sealed class Supervisor(SupervisorStrategy strategy) : ReceiveActor
{
    public Supervisor(SupervisorStrategy strategy, IActorRef probe) : this(strategy)
    {
        Receive<(Props Props, string Name)>(c => Sender.Tell(Context.ActorOf(c.Props, c.Name), Self));
        Receive<Exception>(e => throw e);
        ReceiveAny(m => probe.Tell(m, Self));
    }

    protected override SupervisorStrategy SupervisorStrategy() => strategy;
}
