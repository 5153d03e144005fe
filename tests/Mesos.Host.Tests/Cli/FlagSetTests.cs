using System.Collections;
using System.CommandLine;
using Mesos.Actors.Agent;
using Akka.Configuration;
using Mesos.Actors.Settings;
using Mesos.Actors.Master;
using Mesos.Actors.Master.Registrar;
using Mesos.Host.Cli.Flags;

namespace Mesos.Host.Tests.Cli;

public sealed class FlagSetTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "mesos-flags-" + Guid.NewGuid().ToString("N"));

    public FlagSetTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Config Resolve(IReadOnlyList<Flag> flags, string[] args, IDictionary? environment = null)
    {
        var set = new FlagSet(flags);
        var command = new RootCommand();
        set.AddTo(command);
        var parsed = command.Parse(args);
        parsed.Errors.Should().BeEmpty();
        return set.Resolve(parsed, environment ?? new Hashtable());
    }

    [Fact]
    public void Settings_come_from_reference_conf_when_no_flag_is_given()
    {
        var master = MasterSettings.FromConfig(Resolve(MesosFlags.Master, []));
        master.Port.Should().Be(5050);
        master.AgentPingTimeout.Should().Be(TimeSpan.FromSeconds(15));
        master.MaxAgentPingTimeouts.Should().Be(5);
        master.OfferTimeout.Should().BeNull();
    }

    [Fact]
    public void Flags_override_the_environment_which_overrides_the_config_file()
    {
        var file = Path.Combine(_dir, "master.conf");
        File.WriteAllText(file, "mesos.master { port = 6000, cluster = from-file, hostname = file-host }");
        var environment = new Hashtable { ["MESOS_PORT"] = "7000", ["MESOS_cluster"] = "from-env" };

        var master = MasterSettings.FromConfig(Resolve(MesosFlags.Master, ["--config", file, "--port=8000"], environment));

        master.Port.Should().Be(8000);
        master.Cluster.Should().Be("from-env");
        master.Hostname.Should().Be("file-host");
    }

    [Theory]
    [InlineData("MESOS_master")]
    [InlineData("MESOS_MASTER")]
    public void Environment_variables_are_matched_in_any_case(string name)
    {
        var agent = AgentSettings.FromConfig(Resolve(MesosFlags.Agent, [], new Hashtable { [name] = "10.0.0.1:5050" }));
        agent.Masters.Should().Equal("10.0.0.1:5050");
    }

    [Theory]
    [InlineData("15secs", 15_000)]
    [InlineData("1.5mins", 90_000)]
    [InlineData("10mins", 600_000)]
    [InlineData("250ms", 250)]
    [InlineData("2 minutes", 120_000)]
    [InlineData("3s", 3_000)]
    public void Durations_are_read_in_Mesos_and_HOCON_forms(string value, int milliseconds)
    {
        var master = MasterSettings.FromConfig(Resolve(MesosFlags.Master, [$"--agent_ping_timeout={value}"]));
        master.AgentPingTimeout.Should().Be(TimeSpan.FromMilliseconds(milliseconds));
    }

    [Fact]
    public void Mesos_durations_in_environment_variables_are_converted_too()
    {
        var environment = new Hashtable { ["MESOS_AGENT_PING_TIMEOUT"] = "20secs", ["MESOS_allocator_recovery_timeout"] = "10mins" };

        var master = MasterSettings.FromConfig(Resolve(MesosFlags.Master, [], environment));

        master.AgentPingTimeout.Should().Be(TimeSpan.FromSeconds(20));
        master.AllocatorRecoveryTimeout.Should().Be(TimeSpan.FromMinutes(10));
    }

    [Fact]
    public void A_Mesos_duration_in_the_config_file_is_refused_with_the_setting_named()
    {
        // Akka's parser reads HOCON durations only; Mesos' forms are converted on flags and variables, not in files.
        var file = Path.Combine(_dir, "master.conf");
        File.WriteAllText(file, "mesos.master.agent-ping-timeout = 15secs");

        var resolve = () => Resolve(MesosFlags.Master, ["--config", file]);

        resolve.Should().Throw<FlagException>().WithMessage("*agent_ping_timeout*");
    }

    [Fact]
    public void The_executor_timeouts_default_as_in_Mesos_and_take_flags()
    {
        var defaults = AgentSettings.FromConfig(Resolve(MesosFlags.Agent, ["--master=m:5050"]));
        defaults.ExecutorRegistrationTimeout.Should().Be(TimeSpan.FromMinutes(1));
        defaults.ExecutorShutdownGracePeriod.Should().Be(TimeSpan.FromSeconds(5));

        var set = AgentSettings.FromConfig(Resolve(MesosFlags.Agent,
            ["--master=m:5050", "--executor_registration_timeout=2mins", "--executor_shutdown_grace_period=500ms"]));
        set.ExecutorRegistrationTimeout.Should().Be(TimeSpan.FromMinutes(2));
        set.ExecutorShutdownGracePeriod.Should().Be(TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public void Flags_are_shown_as_Mesos_shows_them()
    {
        var set = new FlagSet(MesosFlags.Master);
        var command = new RootCommand();
        set.AddTo(command);
        var shown = set.Describe(set.Resolve(command.Parse(["--offer_timeout=90secs"]), new Hashtable()));
        shown["agent_ping_timeout"].Should().Be("15secs");
        shown["offer_timeout"].Should().Be("1.5mins");
        shown["allocation_interval"].Should().Be("1secs");
        shown["port"].Should().Be("5050");
    }

    [Theory]
    [InlineData("--agent_ping_timeout=soon", "agent_ping_timeout")]
    [InlineData("--port=http", "port")]
    [InlineData("--max_agent_ping_timeouts=many", "max_agent_ping_timeouts")]
    public void A_bad_value_is_refused_with_the_flag_named(string arg, string flag)
    {
        var resolve = () => Resolve(MesosFlags.Master, [arg]);
        resolve.Should().Throw<FlagException>().WithMessage($"*{flag}*");
    }

    [Fact]
    public void A_missing_config_file_is_refused_with_its_name()
    {
        var resolve = () => Resolve(MesosFlags.Master, ["--config", Path.Combine(_dir, "missing.conf")]);
        resolve.Should().Throw<FlagException>().WithMessage("*missing.conf*");
    }

    // Akka's parser reads each of these without a word, and the settings they meant would keep their defaults.
    [Theory]
    [InlineData("mesos.master { port = ", "line 1: '{' is never closed")]
    [InlineData("mesos.master {\n  port = 6000\n}}", "line 3: '}' closes nothing")]
    [InlineData("mesos.master {\n  port = [1, 2 }\n}", "line 2: '}' cannot close the '[' of line 2")]
    [InlineData("mesos.master {\n  hostname = \"h\n}", "line 2: a quoted string is never closed")]
    [InlineData("mesos.master {\n  port : : 6000\n}", "'mesos.master.port' has no value")]
    [InlineData("mesos.master port 6000", "'mesos.master port 6000' has no value")]
    [InlineData("mesos.master.cluster = a\ninclude \"other.conf\"", "line 2: includes are not supported")]
    [InlineData("mesos.master {\n  port = 6000\n  hostname = ${?HOST}\n}", "line 3: optional substitutions (${?...}) are not supported")]
    [InlineData("mesos.master.hostname = ${nope}", "Unresolved substitution: nope")]
    public void A_config_file_Akka_would_misread_is_refused_with_its_name_and_the_reason(string text, string reason)
    {
        var file = Path.Combine(_dir, "broken.conf");
        File.WriteAllText(file, text);

        var resolve = () => Resolve(MesosFlags.Master, ["--config", file]);

        resolve.Should().Throw<FlagException>().Which.Message.Should().StartWith($"Failed to load --config={file}: ").And.Contain(reason);
    }

    [Fact]
    public void A_config_file_written_like_reference_conf_is_read_whole()
    {
        var file = Path.Combine(_dir, "master.conf");
        File.WriteAllText(file, """"
            # Comments with "quotes", {braces} and [brackets] are only comments.
            mesos {
              master {
                hostname = "master.example" // the advertised name
                cluster = """a "quoted" {name}"""
                agent-ping-timeout = 20s
              }
              http.max-request-body-size = 1MiB
            }
            """");

        var config = Resolve(MesosFlags.Master, ["--config", file]);

        var master = MasterSettings.FromConfig(config);
        master.Hostname.Should().Be("master.example");
        master.Cluster.Should().Be("a \"quoted\" {name}");
        master.AgentPingTimeout.Should().Be(TimeSpan.FromSeconds(20));
        config.GetByteSize("mesos.http.max-request-body-size").Should().Be(1 << 20);
    }

    [Theory]
    [InlineData("--port=0", "port")]
    [InlineData("--max_agent_ping_timeouts=0", "max_agent_ping_timeouts")]
    [InlineData("--allocation_interval=0secs", "allocation_interval must be positive")]
    public void Impossible_master_settings_are_refused(string arg, string what)
    {
        var bind = () => MasterSettings.FromConfig(Resolve(MesosFlags.Master, [arg]));
        bind.Should().Throw<ConfigurationException>().WithMessage($"*{what}*");
    }

    [Fact]
    public void The_registry_flags_are_read_in_Mesos_forms_into_the_registry_settings()
    {
        var registry = MasterSettings.FromConfig(Resolve(MesosFlags.Master,
        [
            "--registry=in_memory", "--registry_store=postgresql://mesos@db:5432/mesos", "--registry_strict",
            "--agent_reregister_timeout=3mins", "--registry_max_agent_age=2days", "--registry_max_agent_count=7",
            "--registry_gc_interval=30secs", "--allocator_recovery_timeout=90secs", "--allocator_agent_recovery_factor=0.5",
        ]));

        registry.Registry.Backend.Should().Be(RegistryBackend.InMemory);
        registry.Registry.Store.Should().Be("postgresql://mesos@db:5432/mesos");
        registry.Registry.Strict.Should().BeTrue();
        registry.Registry.AgentReregisterTimeout.Should().Be(TimeSpan.FromMinutes(3));
        registry.Registry.MaxAgentAge.Should().Be(TimeSpan.FromDays(2));
        registry.Registry.MaxAgentCount.Should().Be(7);
        registry.Registry.GcInterval.Should().Be(TimeSpan.FromSeconds(30));
        registry.AllocatorRecoveryTimeout.Should().Be(TimeSpan.FromSeconds(90));
        registry.AllocatorAgentRecoveryFactor.Should().Be(0.5);
    }

    [Theory]
    [InlineData(new string[0], false)]
    [InlineData(new[] { "--registry_strict" }, true)]
    [InlineData(new[] { "--registry_strict=true" }, true)]
    [InlineData(new[] { "--registry_strict=false" }, false)]
    public void A_boolean_flag_alone_means_true(string[] args, bool strict) =>
        MasterSettings.FromConfig(Resolve(MesosFlags.Master, args)).Registry.Strict.Should().Be(strict);

    [Theory]
    [InlineData("--registry=zookeeper", "registry must be 'replicated_log' or 'in_memory'")]
    [InlineData("--registry_max_agent_count=-1", "registry_max_agent_count must not be negative")]
    [InlineData("--agent_reregister_timeout=0secs", "agent_reregister_timeout must be positive")]
    [InlineData("--allocator_agent_recovery_factor=1.5", "allocator_agent_recovery_factor must be between 0 and 1")]
    public void Impossible_registry_settings_are_refused(string arg, string what)
    {
        var bind = () => MasterSettings.FromConfig(Resolve(MesosFlags.Master, [arg]));
        bind.Should().Throw<ConfigurationException>().WithMessage($"*{what}*");
    }

    [Fact]
    public void A_boolean_flag_with_a_value_that_is_not_one_is_refused() =>
        ((Action)(() => Resolve(MesosFlags.Master, ["--registry_strict=perhaps"]))).Should().Throw<FlagException>().WithMessage("*registry_strict*");

    [Theory]
    [InlineData(new string[0], "--master is required")]
    [InlineData(new[] { "--master=nohost" }, "not host:port")]
    [InlineData(new[] { "--master=h:99999" }, "not host:port")]
    public void An_agent_needs_a_valid_master(string[] args, string message)
    {
        var bind = () => AgentSettings.FromConfig(Resolve(MesosFlags.Agent, args));
        bind.Should().Throw<ConfigurationException>().WithMessage($"*{message}*");
    }

    [Fact]
    public void Limits_of_completed_frameworks_and_tasks_and_per_framework_metrics_are_flags()
    {
        var master = MasterSettings.FromConfig(Resolve(MesosFlags.Master,
            ["--max_completed_frameworks=7", "--max_completed_tasks_per_framework=9", "--publish_per_framework_metrics=false"]));
        (master.MaxCompletedFrameworks, master.MaxCompletedTasksPerFramework, master.PublishPerFrameworkMetrics).Should().Be((7, 9, false));

        var defaults = MasterSettings.FromConfig(Resolve(MesosFlags.Master, []));
        (defaults.MaxCompletedFrameworks, defaults.MaxCompletedTasksPerFramework, defaults.PublishPerFrameworkMetrics).Should().Be((50, 1000, true));
    }

    [Theory]
    [InlineData("--logging_level=WARNING", "WARNING")]
    [InlineData("--logging_level=error", "ERROR")]
    public void The_logging_level_sets_the_level_of_Akkas_logging(string flag, string level)
    {
        foreach (var flags in new[] { MesosFlags.Master, MesosFlags.Agent })
        {
            using var system = Akka.Actor.ActorSystem.Create("levels", Resolve(flags, [flag]));
            system.Settings.LogLevel.Should().Be(level);
            (system.EventStream.LogLevel > Akka.Event.LogLevel.InfoLevel).Should().BeTrue("INFO is below the level asked for");
        }
    }

    [Fact]
    public void A_logging_level_glog_does_not_have_is_refused_with_the_flag_and_the_levels()
    {
        var act = () => Resolve(MesosFlags.Master, ["--logging_level=VERBOSE"]);
        act.Should().Throw<FlagException>().WithMessage("*logging_level*'VERBOSE' is not one of INFO, WARNING, ERROR*");
    }

    [Fact]
    public void A_duration_longer_than_any_TimeSpan_is_refused_with_the_reason()
    {
        var act = () => Resolve(MesosFlags.Master, ["--agent_reregister_timeout=1e30secs"]);
        act.Should().Throw<FlagException>().WithMessage("*agent_reregister_timeout*'1e30secs' is longer than the longest duration*");
    }

    [Fact]
    public void The_agent_recovers_as_recover_says()
    {
        AgentSettings.FromConfig(Resolve(MesosFlags.Agent, ["--master=m:5050"])).Recover.Should().Be(RecoverMode.Reconnect);
        var agent = AgentSettings.FromConfig(Resolve(MesosFlags.Agent, ["--master=m:5050", "--recover=cleanup", "--recovery_timeout=2mins"]));
        agent.Recover.Should().Be(RecoverMode.Cleanup);
        agent.RecoveryTimeout.Should().Be(TimeSpan.FromMinutes(2));
        var act = () => AgentSettings.FromConfig(Resolve(MesosFlags.Agent, ["--master=m:5050", "--recover=maybe"]));
        act.Should().Throw<ConfigurationException>().WithMessage("*recover must be reconnect or cleanup*");
    }

    [Fact]
    public void The_agent_waits_for_executors_to_subscribe_again_as_executor_reregistration_timeout_says_and_at_most_15secs()
    {
        AgentSettings.FromConfig(Resolve(MesosFlags.Agent, ["--master=m:5050"])).ExecutorReregistrationTimeout.Should().Be(TimeSpan.FromSeconds(2));
        AgentSettings.FromConfig(Resolve(MesosFlags.Agent, ["--master=m:5050", "--executor_reregistration_timeout=15secs"]))
            .ExecutorReregistrationTimeout.Should().Be(TimeSpan.FromSeconds(15));
        var act = () => AgentSettings.FromConfig(Resolve(MesosFlags.Agent, ["--master=m:5050", "--executor_reregistration_timeout=16secs"]));
        act.Should().Throw<ConfigurationException>().WithMessage("*executor_reregistration_timeout must be positive and at most 15secs*");
    }
}
