using Akka.TestKit;
using Mesos.Actors.Tests.TestKit;

namespace Mesos.Actors.Tests.Agent;

/// <summary>
/// Akka's test kit as the agent's tests use it: every timer on virtual time (Akka's TestScheduler) and
/// every actor on the calling thread, so that when a Tell or an <see cref="Advance"/> returns, all that
/// it set off inside the actors has run. Only continuations of real asynchronous work (a real process
/// ending) arrive from other threads; tests wait for those with an expectation and a deadline.
/// </summary>
public abstract class AgentTestKit : Akka.TestKit.Xunit2.TestKit
{
    protected AgentTestKit() : base(VirtualTime.OnCallingThread)
    {
    }

    /// <summary>
    /// For tests of an agent that stops (its shutdown runs with a reason and an exit status): the shutdown runs its
    /// phases but leaves the test's actor system up, for the test to see the agent stopped and start it again.
    /// </summary>
    protected static readonly Akka.Configuration.Config KeepSystemOnShutdown = Akka.Configuration.ConfigurationFactory.ParseString("""
        akka.coordinated-shutdown.terminate-actor-system = off
        akka.coordinated-shutdown.run-by-actor-system-terminate = off
        """);

    /// <param name="config">Settings of the test's own, over the virtual time and calling-thread ones.</param>
    protected AgentTestKit(Akka.Configuration.Config config) : base(config.WithFallback(VirtualTime.OnCallingThread))
    {
    }

    /// <summary>
    /// Moves virtual time forward by <paramref name="by"/> and fires every timer due by then, as Akka's
    /// TestScheduler does: all of them see the target time as now, and a timer they start is not fired
    /// in the same call. Tests therefore advance to each due time in turn, and check what happened there.
    /// </summary>
    protected void Advance(TimeSpan by) => this.Clock().Advance(by);
}

internal static class Expectations
{
    /// <summary>
    /// Nothing has arrived so far. On the calling thread the actors have already done everything they
    /// were told, so this is checked at once, at the current virtual time, rather than over a real-time window.
    /// </summary>
    public static void ExpectNoMessageYet(this TestKitBase probe) => probe.ExpectNoMsg(TimeSpan.Zero);
}
