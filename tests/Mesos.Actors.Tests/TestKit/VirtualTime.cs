using Akka.Configuration;
using Akka.TestKit;

namespace Mesos.Actors.Tests.TestKit;

/// <summary>
/// Akka's test configurations for actor tests: virtual time (Akka's TestScheduler drives every
/// timer; nothing waits on the wall clock), and optionally every actor on the calling thread, so
/// that a test that tells or advances time sees the whole consequence when the call returns.
/// </summary>
public static class VirtualTime
{
    /// <summary>Timers on the TestScheduler; actors on the default dispatcher.</summary>
    public static Config Config { get; } = ConfigurationFactory.ParseString("""
        akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit"
        akka.loglevel = WARNING
        """);

    /// <summary>Timers on the TestScheduler and every actor on the calling thread.</summary>
    public static Config OnCallingThread { get; } = ConfigurationFactory.ParseString("""
        akka.actor.default-dispatcher {
          type = "Akka.TestKit.CallingThreadDispatcherConfigurator, Akka.TestKit"
          throughput = 2147483647
        }
        """).WithFallback(Config);

    /// <summary>The system's TestScheduler.</summary>
    public static TestScheduler Clock(this Akka.TestKit.Xunit2.TestKit kit) => (TestScheduler)kit.Sys.Scheduler;
}
