using Akka.Actor;
using Mesos.Actors.Containerizer.Checks;

namespace Mesos.Actors.Agent.Checks;

/// <summary>
/// Runs one check of a task, as Mesos' checkers do: first after <c>delay</c>, then <c>interval</c> after
/// each run ended, and tells its parent every <see cref="Outcome"/>; the parent judges them. Time is the
/// actor system's scheduler, so tests drive it.
/// </summary>
internal sealed class CheckRunner : ReceiveActor, IWithTimers
{
    private readonly string _name;
    private readonly Func<CancellationToken, Task<CheckOutcome>> _probe;
    private readonly TimeSpan _delay;
    private readonly TimeSpan _interval;
    private readonly CancellationTokenSource _stopping = new();

    public CheckRunner(string name, Func<CancellationToken, Task<CheckOutcome>> probe, TimeSpan delay, TimeSpan interval)
    {
        _name = name;
        _probe = probe;
        _delay = delay;
        _interval = interval;
        Receive<Run>(_ => _probe(_stopping.Token).PipeTo(Self, success: o => o, failure: e => new CheckOutcome(false, new Mesos.V1.CheckStatusInfo(), e.Message)));
        Receive<CheckOutcome>(outcome =>
        {
            Context.Parent.Tell(new Outcome(_name, outcome));
            Timers.StartSingleTimer(Run.Instance, Run.Instance, _interval);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string name, Func<CancellationToken, Task<CheckOutcome>> probe, TimeSpan delay, TimeSpan interval) =>
        Akka.Actor.Props.Create(() => new CheckRunner(name, probe, delay, interval));

    protected override void PreStart() => Timers.StartSingleTimer(Run.Instance, Run.Instance, _delay);

    protected override void PostStop()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    /// <summary>To the parent: what a run of the check named <paramref name="Check"/> found.</summary>
    public sealed record Outcome(string Check, CheckOutcome Result);

    private sealed record Run
    {
        public static Run Instance { get; } = new();
    }
}
