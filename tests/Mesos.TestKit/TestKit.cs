using Akka.Actor;
using Xunit.Sdk;

namespace Mesos.TestKit;

/// <summary>
/// The base of actor tests, shaped like Akka.TestKit on xunit: a system per test (<see cref="Sys"/>),
/// a default probe (<see cref="TestActor"/>) with its expectations, more probes, and waiting helpers.
/// With <see cref="TestKitOptions.Deterministic"/>, everything runs on one seeded thread and a manual clock.
/// </summary>
public abstract class TestKit : IDisposable
{
    private readonly TestProbe _testActor;
    private DateTimeOffset? _withinEnd;
    private int _probes;

    protected TestKit(TestKitOptions? options = null)
    {
        Options = options ?? new TestKitOptions();
        var setup = new ActorSystemSetup();
        if (Options.Deterministic)
        {
            Time = new ManualTimeProvider();
            Dispatcher = new DeterministicDispatcher(Options.EffectiveSeed);
            setup = setup with { TimeProvider = Time, Dispatcher = Dispatcher };
        }
        Sys = ActorSystem.Create(Options.SystemName, Options.Settings, setup);
        _testActor = new TestProbe(this, "testActor");
    }

    public TestKitOptions Options { get; }

    public ActorSystem Sys { get; }

    /// <summary>The manual clock, when deterministic.</summary>
    public ManualTimeProvider? Time { get; }

    /// <summary>The seeded dispatcher, when deterministic.</summary>
    public DeterministicDispatcher? Dispatcher { get; }

    /// <summary>The default probe's ref: give it to actors as the recipient of their replies.</summary>
    public IActorRef TestActor => _testActor.Ref;

    public IActorRef LastSender => _testActor.LastSender;

    public TestProbe CreateTestProbe(string? name = null) =>
        new(this, name ?? $"testProbe{Interlocked.Increment(ref _probes)}");

    /// <summary>
    /// Moves the manual clock forward from timer to timer, running the actors until idle at each
    /// instant, so that what a message does before or at a given time happens at that time
    /// (deterministic only).
    /// </summary>
    public void Advance(TimeSpan by)
    {
        var time = Time ?? throw new InvalidOperationException("Advance needs TestKitOptions.Deterministic.");
        var target = time.GetUtcNow() + by;
        Dispatcher!.RunUntilIdle();
        while (time.NextDue is { } next && next <= target)
        {
            time.Advance(next - time.GetUtcNow());
            Dispatcher.RunUntilIdle();
        }
        time.Advance(target - time.GetUtcNow());
        Dispatcher.RunUntilIdle();
    }

    /// <summary>Runs the actors until idle (deterministic only).</summary>
    public void RunUntilIdle() =>
        (Dispatcher ?? throw new InvalidOperationException("RunUntilIdle needs TestKitOptions.Deterministic.")).RunUntilIdle();

    public T ExpectMsg<T>(TimeSpan? timeout = null) => _testActor.ExpectMsg<T>(timeout);
    public T ExpectMsg<T>(T expected, TimeSpan? timeout = null) => _testActor.ExpectMsg(expected, timeout);
    public T ExpectMsg<T>(Predicate<T> predicate, TimeSpan? timeout = null) => _testActor.ExpectMsg(predicate, timeout);
    public void ExpectNoMsg(TimeSpan? duration = null) => _testActor.ExpectNoMsg(duration);
    public Terminated ExpectTerminated(IActorRef target, TimeSpan? timeout = null) => _testActor.ExpectTerminated(target, timeout);
    public object FishForMessage(Predicate<object> isTheOne, TimeSpan? timeout = null) => _testActor.FishForMessage(isTheOne, timeout);
    public T FishForMessage<T>(Predicate<T> isTheOne, TimeSpan? timeout = null) => _testActor.FishForMessage(isTheOne, timeout);
    public IReadOnlyList<object> ReceiveN(int count, TimeSpan? timeout = null) => _testActor.ReceiveN(count, timeout);
    public IActorRef Watch(IActorRef target) => _testActor.Watch(target);
    public IActorRef Unwatch(IActorRef target) => _testActor.Unwatch(target);

    /// <summary>Waits until <paramref name="condition"/> holds, failing after <paramref name="max"/>.</summary>
    public void AwaitCondition(Func<bool> condition, TimeSpan? max = null, TimeSpan? interval = null, string? message = null)
    {
        if (Dispatcher is { } dispatcher)
        {
            dispatcher.RunUntil(condition);
            if (!condition()) throw Fail(message ?? "The condition did not hold once the actors were idle");
            return;
        }
        var end = Deadline(max);
        using var pause = new ManualResetEventSlim();
        while (!condition())
        {
            var left = Until(end);
            if (left <= TimeSpan.Zero) throw Fail(message ?? $"The condition did not hold within {max ?? Options.DefaultTimeout}");
            pause.Wait(Min(left, interval ?? TimeSpan.FromMilliseconds(10)));
        }
    }

    /// <summary>Retries <paramref name="assertion"/> until it passes, failing with its last error after <paramref name="max"/>.</summary>
    public void AwaitAssert(Action assertion, TimeSpan? max = null, TimeSpan? interval = null)
    {
        Exception? last = null;
        bool Passes()
        {
            try
            {
                assertion();
                return true;
            }
            catch (Exception e)
            {
                last = e;
                return false;
            }
        }
        try
        {
            AwaitCondition(Passes, max, interval);
        }
        catch (XunitException)
        {
            throw Fail($"The assertion still failed: {last?.Message}");
        }
    }

    /// <summary>Runs <paramref name="action"/>, whose expectations share the deadline <paramref name="max"/>, and checks it took no longer.</summary>
    public void Within(TimeSpan max, Action action) => Within(TimeSpan.Zero, max, action);

    public void Within(TimeSpan min, TimeSpan max, Action action)
    {
        var start = Sys.TimeProvider.GetUtcNow();
        var outer = _withinEnd;
        _withinEnd = start + max;
        try
        {
            action();
        }
        finally
        {
            _withinEnd = outer;
        }
        var took = Sys.TimeProvider.GetUtcNow() - start;
        if (took < min) throw Fail($"The block took {took}, less than the minimum {min}");
        if (took > max) throw Fail($"The block took {took}, more than the maximum {max}");
    }

    internal DateTimeOffset Deadline(TimeSpan? timeout) => Sys.TimeProvider.GetUtcNow() + RemainingOrDefault(timeout);

    internal TimeSpan Until(DateTimeOffset end) => Max(TimeSpan.Zero, end - Sys.TimeProvider.GetUtcNow());

    /// <summary>The given timeout, else what is left of the enclosing Within, else the default.</summary>
    internal TimeSpan RemainingOrDefault(TimeSpan? timeout) =>
        timeout ?? (_withinEnd is { } end ? Until(end) : Options.DefaultTimeout);

    internal XunitException Fail(string message) =>
        new(Dispatcher is { } d ? $"{message} (deterministic seed {d.Seed}; replay with MESOS_TEST_SEED={d.Seed})" : message);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    public void Dispose()
    {
        var terminated = Sys.Terminate();
        if (Dispatcher is { } dispatcher) dispatcher.RunUntil(() => terminated.IsCompleted);
        else terminated.Wait(TimeSpan.FromSeconds(10));
        GC.SuppressFinalize(this);
    }
}
