using Akka.Actor;

namespace Mesos.TestKit;

/// <summary>
/// Runs actors one turn at a time on the thread that asks, choosing among the runnable ones with a
/// seeded random generator: the same seed gives the same interleaving, so a failing schedule replays.
/// </summary>
public sealed class DeterministicDispatcher(int seed, int throughput = 1) : MessageDispatcher("deterministic", throughput)
{
    private readonly Lock _lock = new();
    private readonly List<IRunnable> _runnable = [];
    private readonly Random _random = new(seed);
    private int _running;

    public int Seed { get; } = seed;

    /// <summary>Turns run so far.</summary>
    public long Steps { get; private set; }

    public int RunnableCount
    {
        get
        {
            lock (_lock) return _runnable.Count;
        }
    }

    public override void Schedule(IRunnable work)
    {
        lock (_lock) _runnable.Add(work);
    }

    /// <summary>Runs one actor's turn; false when nothing is runnable.</summary>
    public bool RunOne()
    {
        IRunnable work;
        lock (_lock)
        {
            if (_runnable.Count == 0) return false;
            var index = _random.Next(_runnable.Count);
            work = _runnable[index];
            _runnable[index] = _runnable[^1];
            _runnable.RemoveAt(_runnable.Count - 1);
        }
        if (Interlocked.Exchange(ref _running, 1) != 0)
        {
            throw new InvalidOperationException("The deterministic dispatcher was run from two threads at once.");
        }
        try
        {
            Steps++;
            work.Run();
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
        return true;
    }

    /// <summary>Runs until no actor has anything to do; fails after <paramref name="maxSteps"/> (a livelock).</summary>
    public long RunUntilIdle(long maxSteps = 1_000_000) => RunUntil(static () => false, maxSteps);

    /// <summary>Runs until <paramref name="condition"/> holds or nothing is runnable; returns the turns taken.</summary>
    public long RunUntil(Func<bool> condition, long maxSteps = 1_000_000)
    {
        long steps = 0;
        while (!condition() && RunOne())
        {
            if (++steps >= maxSteps)
            {
                throw new InvalidOperationException($"Still busy after {maxSteps} steps (seed {Seed}): the actors never go idle.");
            }
        }
        return steps;
    }
}
