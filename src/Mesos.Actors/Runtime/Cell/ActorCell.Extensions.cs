namespace Mesos.Actors.Runtime;

/// <summary>The parts of a cell created only for actors that use them.</summary>
internal sealed partial class ActorCell
{
    private TimerScheduler? _timers;
    private ActorStash? _stash;

    public Envelope CurrentEnvelope => _currentEnvelope;

    public TimerScheduler Timers => _timers ??= new TimerScheduler(this);

    public ActorStash Stash => _stash ??= new ActorStash(this);
}
