using Akka.Configuration;

namespace Mesos.Host.Tests;

/// <summary>Configuration of the actor tests of the built-in frameworks: Akka's virtual time and in-memory journal.</summary>
internal static class ActorTestConfig
{
    public static Config VirtualTimeAndMemoryJournal { get; } = ConfigurationFactory.ParseString("""
        akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit"
        akka.loglevel = WARNING
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """);
}
