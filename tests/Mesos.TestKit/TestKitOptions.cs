using Akka.Actor;

namespace Mesos.TestKit;

public sealed record TestKitOptions
{
    /// <summary>
    /// Run every actor on a seeded <see cref="DeterministicDispatcher"/> and a <see cref="ManualTimeProvider"/>:
    /// expectations run the actors until idle instead of waiting, and time moves only by Advance.
    /// </summary>
    public bool Deterministic { get; init; }

    /// <summary>The seed of the deterministic dispatcher; MESOS_TEST_SEED overrides it, to replay a failure.</summary>
    public int Seed { get; init; }

    public ActorSettings? Settings { get; init; }

    public string SystemName { get; init; } = "test";

    /// <summary>How long an expectation waits by default in real time, as Akka's single-expect-default.</summary>
    public TimeSpan DefaultTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long ExpectNoMsg watches by default in real time.</summary>
    public TimeSpan DefaultNoMessageWait { get; init; } = TimeSpan.FromMilliseconds(200);

    internal int EffectiveSeed =>
        int.TryParse(Environment.GetEnvironmentVariable("MESOS_TEST_SEED"), out var seed) ? seed : Seed;
}
