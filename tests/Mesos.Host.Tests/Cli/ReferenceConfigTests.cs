using System.Text.RegularExpressions;
using Akka.Actor;
using Akka.Configuration.Hocon;
using FluentAssertions.Execution;
using Mesos.Actors.Settings;
using Mesos.Host.Cli.Flags;

namespace Mesos.Host.Tests.Cli;

/// <summary>
/// hocon/reference.conf as Akka's parser reads it. Akka reads almost any text without a word, so a line
/// it misreads would only show as a wrong default at run time: here it fails the build.
/// </summary>
public sealed partial class ReferenceConfigTests
{
    /// <summary>A size in bytes (HOCON's 16MiB), told apart from a plain number.</summary>
    private sealed record Bytes(long Value);

    /// <summary>Every key of reference.conf and the default its comment documents.</summary>
    private static readonly Dictionary<string, object> Defaults = new()
    {
        ["akka.loglevel"] = "INFO",
        ["akka.log-dead-letters"] = 10,
        ["akka.log-dead-letters-during-shutdown"] = false,
        ["akka.log-config-on-start"] = false,
        ["akka.actor.serializers.mesos-registry"] = "Mesos.Actors.Master.Registrar.RegistrySerializer, Mesos.Actors",
        ["akka.actor.serialization-bindings.\"Mesos.Internal.Registry.RegistryEvent, Mesos.Actors\""] = "mesos-registry",
        ["akka.actor.serialization-bindings.\"Mesos.Internal.Registry.RegistrySnapshot, Mesos.Actors\""] = "mesos-registry",
        ["akka.actor.mesos-cluster-dispatcher.type"] = "ForkJoinDispatcher",
        ["akka.actor.mesos-cluster-dispatcher.throughput"] = 100,
        ["akka.actor.mesos-cluster-dispatcher.dedicated-thread-pool.thread-count"] = 2,
        ["akka.actor.mesos-cluster-dispatcher.dedicated-thread-pool.threadtype"] = "background",
        ["akka.remote.use-dispatcher"] = "akka.actor.mesos-cluster-dispatcher",
        ["akka.cluster.use-dispatcher"] = "akka.actor.mesos-cluster-dispatcher",
        ["akka.cluster.seed-node-timeout"] = TimeSpan.FromSeconds(3),
        ["akka.cluster.retry-unsuccessful-join-after"] = TimeSpan.FromSeconds(1),
        ["akka.cluster.gossip-interval"] = TimeSpan.FromMilliseconds(200),
        ["akka.cluster.leader-actions-interval"] = TimeSpan.FromMilliseconds(200),
        ["akka.cluster.unreachable-nodes-reaper-interval"] = TimeSpan.FromMilliseconds(250),
        ["akka.cluster.failure-detector.heartbeat-interval"] = TimeSpan.FromMilliseconds(500),
        ["akka.cluster.failure-detector.acceptable-heartbeat-pause"] = TimeSpan.FromSeconds(3),
        ["akka.cluster.failure-detector.expected-response-after"] = TimeSpan.FromSeconds(1),
        ["akka.cluster.down-removal-margin"] = "off",
        ["akka.cluster.downing-provider-class"] = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster",
        ["akka.cluster.split-brain-resolver.active-strategy"] = "static-quorum",
        ["akka.cluster.split-brain-resolver.stable-after"] = TimeSpan.FromSeconds(2),
        ["akka.cluster.split-brain-resolver.static-quorum.role"] = "master",
        ["akka.cluster.run-coordinated-shutdown-when-down"] = true,
        ["akka.cluster.singleton.role"] = "master",
        ["akka.cluster.singleton.hand-over-retry-interval"] = TimeSpan.FromMilliseconds(200),
        ["akka.cluster.sharding.role"] = "master",
        ["akka.cluster.sharding.remember-entities-store"] = "eventsourced",
        ["akka.cluster.sharding.state-store-mode"] = "persistence",
        ["akka.cluster.sharding.journal-plugin-id"] = "",
        ["akka.cluster.sharding.snapshot-plugin-id"] = "",
        ["mesos.master.ip"] = "",
        ["mesos.master.port"] = 5050,
        ["mesos.master.hostname"] = "",
        ["mesos.master.hostname-lookup"] = true,
        ["mesos.master.work-dir"] = "",
        ["mesos.master.cluster"] = "",
        ["mesos.master.offer-timeout"] = Timeout.InfiniteTimeSpan,
        ["mesos.master.agent-ping-timeout"] = TimeSpan.FromSeconds(15),
        ["mesos.master.max-agent-ping-timeouts"] = 5,
        ["mesos.master.allocation-interval"] = TimeSpan.FromSeconds(1),
        ["mesos.master.min-allocatable-resources"] = "cpus:0.01|mem:32",
        ["mesos.master.fair-sharing-excluded-resource-names"] = "",
        ["mesos.master.allocator-recovery-timeout"] = TimeSpan.FromMinutes(10),
        ["mesos.master.allocator-agent-recovery-factor"] = 0.8,
        ["mesos.master.max-operator-event-stream-subscribers"] = 1000,
        ["mesos.master.max-completed-frameworks"] = 50,
        ["mesos.master.max-completed-tasks-per-framework"] = 1000,
        ["mesos.master.publish-per-framework-metrics"] = true,
        ["mesos.master.masters"] = "",
        ["mesos.master.cluster-port"] = 0,
        ["mesos.master.quorum"] = 0,
        ["mesos.master.registry"] = "replicated_log",
        ["mesos.master.registry-store"] = "",
        ["mesos.master.registry-strict"] = false,
        ["mesos.master.agent-reregister-timeout"] = TimeSpan.FromMinutes(10),
        ["mesos.master.registry-max-agent-age"] = TimeSpan.FromDays(14),
        ["mesos.master.registry-max-agent-count"] = 102400,
        ["mesos.master.registry-gc-interval"] = TimeSpan.FromMinutes(15),
        ["mesos.master.registry-snapshot-interval"] = 1000,
        ["mesos.agent.master"] = "",
        ["mesos.agent.ip"] = "",
        ["mesos.agent.port"] = 5051,
        ["mesos.agent.hostname"] = "",
        ["mesos.agent.hostname-lookup"] = true,
        ["mesos.agent.work-dir"] = "",
        ["mesos.agent.log-dir"] = "",
        ["mesos.agent.resources"] = "",
        ["mesos.agent.attributes"] = "",
        ["mesos.agent.executor-registration-timeout"] = TimeSpan.FromMinutes(1),
        ["mesos.agent.executor-shutdown-grace-period"] = TimeSpan.FromSeconds(5),
        ["mesos.agent.recover"] = "reconnect",
        ["mesos.agent.recovery-timeout"] = TimeSpan.FromMinutes(15),
        ["mesos.agent.executor-reconnect-retry-interval"] = TimeSpan.FromSeconds(2),
        ["mesos.agent.executor-reregistration-timeout"] = TimeSpan.FromSeconds(2),
        ["mesos.agent.switch-user"] = true,
        ["mesos.agent.containerizers"] = "mesos",
        ["mesos.agent.isolation"] = "posix/cpu,posix/mem",
        ["mesos.agent.cgroups-hierarchy"] = "/sys/fs/cgroup",
        ["mesos.agent.cgroups-root"] = "mesos",
        ["mesos.agent.cgroups-enable-cfs"] = false,
        ["mesos.agent.cgroups-max-pids"] = 0,
        ["mesos.agent.docker"] = "docker",
        ["mesos.agent.docker-socket"] = "/var/run/docker.sock",
        ["mesos.agent.docker-stop-timeout"] = TimeSpan.Zero,
        ["mesos.agent.fetcher-cache-size"] = "2GB",
        ["mesos.agent.fetcher-cache-dir"] = "",
        ["mesos.local.num-agents"] = 1,
        ["mesos.local.masters"] = 1,
        ["mesos.local.work-dir"] = "",
        ["mesos.chronos.master"] = "",
        ["mesos.chronos.ip"] = "",
        ["mesos.chronos.http-port"] = 4400,
        ["mesos.chronos.hostname"] = "",
        ["mesos.chronos.work-dir"] = "",
        ["mesos.chronos.store"] = "",
        ["mesos.chronos.failover-timeout"] = TimeSpan.FromDays(7),
        ["mesos.chronos.http-notification-url"] = "",
        ["mesos.chronos.mail-server"] = "",
        ["mesos.chronos.mail-from"] = "",
        ["mesos.chronos.mail-user"] = "",
        ["mesos.chronos.mail-password"] = "",
        ["mesos.chronos.mail-ssl"] = false,
        ["mesos.master.chronos"] = false,
        ["mesos.local.chronos"] = true,
        ["mesos.master.marathon"] = false,
        ["mesos.local.marathon"] = true,
        ["mesos.marathon.master"] = "",
        ["mesos.marathon.ip"] = "",
        ["mesos.marathon.http-port"] = 8080,
        ["mesos.marathon.hostname"] = "",
        ["mesos.marathon.work-dir"] = "",
        ["mesos.marathon.store"] = "",
        ["mesos.marathon.framework-name"] = "marathon",
        ["mesos.marathon.failover-timeout"] = TimeSpan.FromDays(7),
        ["mesos.marathon.reconciliation-interval"] = TimeSpan.FromMinutes(10),
        ["mesos.http.max-request-body-size"] = new Bytes(16L << 20),
        ["mesos.http.max-small-request-body-size"] = new Bytes(1L << 20),
        ["mesos.http.max-concurrent-large-bodies"] = 2,
    };

    // A key with dots in it (a type name in serialization-bindings) is quoted in its path.
    private static IEnumerable<string> Leaves(HoconValue value, string path) =>
        value.IsObject()
            ? value.GetObject().Items.SelectMany(item =>
            {
                var key = item.Key.Contains('.', StringComparison.Ordinal) ? $"\"{item.Key}\"" : item.Key;
                return Leaves(item.Value, path.Length == 0 ? key : $"{path}.{key}");
            })
            : [path];

    [Fact]
    public void Reference_conf_holds_exactly_the_documented_keys()
    {
        Leaves(ReferenceConfig.Get().Root, "").Should().BeEquivalentTo(Defaults.Keys);
    }

    [Fact]
    public void Every_key_of_reference_conf_reads_back_as_its_documented_default()
    {
        var config = ReferenceConfig.Get();
        using var scope = new AssertionScope();
        foreach (var (key, expected) in Defaults)
        {
            object? read = expected switch
            {
                string => config.GetString(key),
                int => config.GetInt(key),
                double => config.GetDouble(key),
                bool => config.GetBoolean(key),
                TimeSpan => config.GetTimeSpan(key),
                Bytes => new Bytes(config.GetByteSize(key) ?? -1),
                _ => throw new InvalidOperationException($"No reader for {expected.GetType().Name}"),
            };
            read.Should().Be(expected, key);
        }
    }

    [Fact]
    public void Akka_takes_the_akka_settings_of_reference_conf()
    {
        using var system = ActorSystem.Create("reference", ReferenceConfig.Get());
        var settings = system.Settings;
        settings.LogLevel.Should().Be("INFO");
        settings.LogDeadLetters.Should().Be(10);
        settings.LogDeadLettersDuringShutdown.Should().BeFalse();
        settings.LogConfigOnStart.Should().BeFalse();
    }

    [Fact]
    public void Every_flag_sets_a_key_of_reference_conf()
    {
        var config = ReferenceConfig.Get();
        MesosFlags.Master.Concat(MesosFlags.Agent).Concat(MesosFlags.Local)
            .Where(f => !config.HasPath(f.ConfigPath)).Select(f => f.Name).Should().BeEmpty();
    }

    [Theory]
    [InlineData("mesos master")]
    [InlineData("mesos agent")]
    public void The_flag_defaults_the_README_gives_are_those_of_reference_conf(string command)
    {
        var readme = File.ReadAllText(Path.Combine(TestPrograms.Root, "README.md"));
        var start = readme.IndexOf($"- `{command}`:", StringComparison.Ordinal);
        start.Should().BePositive($"the README describes `{command}`'s flags");
        var end = readme.IndexOf("\n- ", start + 1, StringComparison.Ordinal);
        var documented = FlagDefault().Matches(readme[start..end]).ToDictionary(m => m.Groups["flag"].Value, m => m.Groups["value"].Value);
        documented.Should().NotBeEmpty();

        var flags = new FlagSet(command == "mesos master" ? MesosFlags.Master : MesosFlags.Agent);
        var described = flags.Describe(ReferenceConfig.Get());

        foreach (var (flag, value) in documented) described[flag].Should().Be(value, $"the README says --{flag} defaults to {value}");
    }

    // "`--port` (5050)" or "`--min_allocatable_resources` (`cpus:0.01|mem:32`)"; "(for example ...)" is no default.
    [GeneratedRegex(@"`--(?<flag>[a-z_]+)` \(`?(?<value>[^\s`()]+)`?\)")]
    private static partial Regex FlagDefault();
}
