namespace Mesos.Host.Cli.Flags;

/// <summary>The flags of `mesos master` and `mesos agent`, with Mesos' names.</summary>
internal static class MesosFlags
{
    /// <summary>glog's levels, which Akka's loglevel takes as they are (declared first: the lists below use it).</summary>
    private static readonly Flag LoggingLevel = new("logging_level", "akka.loglevel", FlagType.Text,
        "Lowest level logged: INFO, WARNING or ERROR (default: INFO).") { Choices = ["INFO", "WARNING", "ERROR"] };

    private static readonly Flag ChronosHttpPort = new("chronos_http_port", "mesos.chronos.http-port", FlagType.Integer,
        "Port of the built-in Chronos' REST API, with --chronos (default: 4400).");

    private static readonly Flag MarathonHttpPort = new("marathon_http_port", "mesos.marathon.http-port", FlagType.Integer,
        "Port of the built-in Marathon's REST API and web UI, with --marathon (default: 8080).");

    public static IReadOnlyList<Flag> Master { get; } =
    [
        new("ip", "mesos.master.ip", FlagType.Text, "IP address to listen on (default: every interface)."),
        new("port", "mesos.master.port", FlagType.Integer, "Port to listen on (default: 5050)."),
        new("hostname", "mesos.master.hostname", FlagType.Text, "Hostname to advertise (default: as --hostname_lookup says)."),
        new("hostname_lookup", "mesos.master.hostname-lookup", FlagType.Boolean,
            "Without --hostname, advertise the name the IP resolves to rather than the IP (default: true)."),
        new("work_dir", "mesos.master.work-dir", FlagType.Text, "Where the master keeps its state."),
        new("cluster", "mesos.master.cluster", FlagType.Text, "Human-readable name of the cluster."),
        new("offer_timeout", "mesos.master.offer-timeout", FlagType.Duration, "How long an offer may stay unanswered before it is rescinded (default: never)."),
        new("agent_ping_timeout", "mesos.master.agent-ping-timeout", FlagType.Duration, "How long to wait for an agent's answer to a ping (default: 15secs)."),
        new("max_agent_ping_timeouts", "mesos.master.max-agent-ping-timeouts", FlagType.Integer, "Missed pings after which an agent is unreachable (default: 5)."),
        new("allocation_interval", "mesos.master.allocation-interval", FlagType.Duration, "How often the whole cluster is offered again (default: 1secs)."),
        new("min_allocatable_resources", "mesos.master.min-allocatable-resources", FlagType.Text,
            "Alternatives an offer must hold one of, e.g. cpus:0.01|mem:32 (the default)."),
        new("fair_sharing_excluded_resource_names", "mesos.master.fair-sharing-excluded-resource-names", FlagType.Text,
            "Comma-separated resource names left out of dominant shares, e.g. gpus."),
        new("allocator_recovery_timeout", "mesos.master.allocator-recovery-timeout", FlagType.Duration,
            "After a failover with quota, the longest allocation waits for agents (default: 10mins)."),
        new("allocator_agent_recovery_factor", "mesos.master.allocator-agent-recovery-factor", FlagType.Text,
            "After a failover with quota, the fraction of agents to wait for (default: 0.8)."),
        new("max_operator_event_stream_subscribers", "mesos.master.max-operator-event-stream-subscribers", FlagType.Integer,
            "Operator event streams open at once; a new one beyond this closes the oldest (default: 1000)."),
        new("max_completed_frameworks", "mesos.master.max-completed-frameworks", FlagType.Integer,
            "Completed frameworks remembered, with their metrics (default: 50)."),
        new("max_completed_tasks_per_framework", "mesos.master.max-completed-tasks-per-framework", FlagType.Integer,
            "Completed tasks remembered of each framework (default: 1000)."),
        new("publish_per_framework_metrics", "mesos.master.publish-per-framework-metrics", FlagType.Boolean,
            "Whether /metrics/snapshot lists each framework's metrics (default: true)."),
        LoggingLevel,
        new("masters", "mesos.master.masters", FlagType.Text,
            "Every master of a highly available cluster, this one's among them: host1:5050,host2:5050,host3:5050 (default: this master alone)."),
        new("cluster_port", "mesos.master.cluster-port", FlagType.Integer,
            "The port the masters reach each other on, the same on every master (default: the HTTP port plus 1000)."),
        new("quorum", "mesos.master.quorum", FlagType.Integer, "Masters a side of a partition needs to lead (default: a majority of --masters)."),
        new("registry", "mesos.master.registry", FlagType.Text,
            "Where the registry is kept: replicated_log (the SQL journal, the default) or in_memory (lost when the master stops)."),
        new("registry_store", "mesos.master.registry-store", FlagType.Text,
            "The registry's store: empty for SQLite in <work_dir>/registry.db, sqlite:PATH, or postgresql://user:password@host:port/database."),
        new("registry_strict", "mesos.master.registry-strict", FlagType.Boolean,
            "Whether agents unknown to the registry are refused when they register again (default: false)."),
        new("agent_reregister_timeout", "mesos.master.agent-reregister-timeout", FlagType.Duration,
            "After a master restart, how long agents have to register again before they are unreachable (default: 10mins)."),
        new("registry_max_agent_age", "mesos.master.registry-max-agent-age", FlagType.Duration,
            "How long unreachable and gone agents are kept in the registry (default: 2weeks)."),
        new("registry_max_agent_count", "mesos.master.registry-max-agent-count", FlagType.Integer,
            "How many unreachable agents, and gone ones, the registry keeps at most (default: 102400)."),
        new("registry_gc_interval", "mesos.master.registry-gc-interval", FlagType.Duration,
            "How often the registry forgets agents beyond those limits (default: 15mins)."),
        new("chronos", "mesos.master.chronos", FlagType.Boolean, "Run the built-in Chronos inside the master, with its jobs in <work_dir>/chronos or on --registry_store; among several masters, the leader's acts (default: false)."),
        ChronosHttpPort,
        new("marathon", "mesos.master.marathon", FlagType.Boolean, "Run the built-in Marathon inside the master, with its apps in <work_dir>/marathon or on --registry_store; among several masters, the leader's acts (default: false)."),
        MarathonHttpPort,
    ];

    public static IReadOnlyList<Flag> Chronos { get; } =
    [
        new("master", "mesos.chronos.master", FlagType.Text, "The masters to subscribe to: host:port (several: host1:port1,host2:port2)."),
        new("ip", "mesos.chronos.ip", FlagType.Text, "IP address the REST API listens on (default: every interface)."),
        new("http_port", "mesos.chronos.http-port", FlagType.Integer, "Port of the REST API (default: 4400)."),
        new("hostname", "mesos.chronos.hostname", FlagType.Text, "Hostname to advertise (default: this machine's)."),
        new("work_dir", "mesos.chronos.work-dir", FlagType.Text, "Where the job store is kept (SQLite, <work_dir>/chronos.db)."),
        new("store", "mesos.chronos.store", FlagType.Text, "The job store: empty for SQLite in the work dir, sqlite:PATH, or postgresql://user:password@host:port/database."),
        new("failover_timeout", "mesos.chronos.failover-timeout", FlagType.Duration, "How long the master keeps the framework's tasks while Chronos is away (default: 1weeks)."),
        new("http_notification_url", "mesos.chronos.http-notification-url", FlagType.Text, "A URL that gets an HTTP POST of every job's success and final failure (default: none)."),
        new("mail_server", "mesos.chronos.mail-server", FlagType.Text, "The SMTP server (host:port) that mails job owners who are e-mail addresses (default: none)."),
        new("mail_from", "mesos.chronos.mail-from", FlagType.Text, "The sender of those mails (required with --mail_server)."),
        new("mail_user", "mesos.chronos.mail-user", FlagType.Text, "The SMTP login, when the server asks for one."),
        new("mail_password", "mesos.chronos.mail-password", FlagType.Text, "The SMTP password (shown as ******** in /flags)."),
        new("mail_ssl", "mesos.chronos.mail-ssl", FlagType.Boolean, "TLS from the first byte (SMTPS, often port 465); otherwise STARTTLS when the server offers it (default: false)."),
    ];

    public static IReadOnlyList<Flag> Marathon { get; } =
    [
        new("master", "mesos.marathon.master", FlagType.Text, "The masters to subscribe to: host:port (several: host1:port1,host2:port2)."),
        new("ip", "mesos.marathon.ip", FlagType.Text, "IP address the REST API listens on (default: every interface)."),
        new("http_port", "mesos.marathon.http-port", FlagType.Integer, "Port of the REST API (default: 8080)."),
        new("hostname", "mesos.marathon.hostname", FlagType.Text, "Hostname to advertise (default: this machine's)."),
        new("work_dir", "mesos.marathon.work-dir", FlagType.Text, "Where the app store is kept (SQLite, <work_dir>/marathon.db)."),
        new("store", "mesos.marathon.store", FlagType.Text, "The app store: empty for SQLite in the work dir, sqlite:PATH, or postgresql://user:password@host:port/database."),
        new("framework_name", "mesos.marathon.framework-name", FlagType.Text, "The framework's name at the master (default: marathon)."),
        new("failover_timeout", "mesos.marathon.failover-timeout", FlagType.Duration, "How long the master keeps the framework's tasks while Marathon is away (default: 1weeks)."),
        new("reconciliation_interval", "mesos.marathon.reconciliation-interval", FlagType.Duration, "How often every task is reconciled with the master (default: 10mins)."),
    ];

    public static IReadOnlyList<Flag> Local { get; } =
    [
        new("num_agents", "mesos.local.num-agents", FlagType.Integer, "How many agents to run (default: 1)."),
        new("masters", "mesos.local.masters", FlagType.Integer, "How many masters to run, as one highly available cluster when more than one (default: 1)."),
        new("ip", "mesos.master.ip", FlagType.Text, "IP address the master and agents listen on (default: 127.0.0.1)."),
        new("port", "mesos.master.port", FlagType.Integer, "The (first) master's port; further masters and then agents take the ports after it (default: 5050)."),
        new("work_dir", "mesos.local.work-dir", FlagType.Text, "Where state is kept (default: a new temporary directory)."),
        new("chronos", "mesos.local.chronos", FlagType.Boolean, "Run the built-in Chronos too (default: true)."),
        ChronosHttpPort,
        new("marathon", "mesos.local.marathon", FlagType.Boolean, "Run the built-in Marathon too (default: true)."),
        MarathonHttpPort,
    ];

    public static IReadOnlyList<Flag> Agent { get; } =
    [
        new("master", "mesos.agent.master", FlagType.Text, "The master to register with: host:port (several: host1:port1,host2:port2)."),
        new("ip", "mesos.agent.ip", FlagType.Text, "IP address to listen on (default: every interface)."),
        new("port", "mesos.agent.port", FlagType.Integer, "Port to listen on (default: 5051)."),
        new("hostname", "mesos.agent.hostname", FlagType.Text, "Hostname to advertise (default: as --hostname_lookup says)."),
        new("hostname_lookup", "mesos.agent.hostname-lookup", FlagType.Boolean,
            "Without --hostname, advertise the name the IP resolves to rather than the IP (default: true)."),
        new("work_dir", "mesos.agent.work-dir", FlagType.Text, "Where sandboxes and checkpoints live."),
        new("log_dir", "mesos.agent.log-dir", FlagType.Text, "Where to write the log file too, served as /slave/log (default: the console only)."),
        new("resources", "mesos.agent.resources", FlagType.Text, "Resources to offer, e.g. cpus:4;mem:8192;ports:[31000-32000] (default: detected)."),
        new("attributes", "mesos.agent.attributes", FlagType.Text, "Attributes of the agent, e.g. rack:a;zone:west."),
        new("executor_registration_timeout", "mesos.agent.executor-registration-timeout", FlagType.Duration,
            "How long an executor may take to subscribe before it is killed (default: 1mins)."),
        new("executor_shutdown_grace_period", "mesos.agent.executor-shutdown-grace-period", FlagType.Duration,
            "How long an executor may take to shut down before it is killed (default: 5secs)."),
        new("recover", "mesos.agent.recover", FlagType.Text,
            "After a restart: reconnect (re-attach to tasks that kept running) or cleanup (kill them, forget them and exit) (default: reconnect)."),
        new("recovery_timeout", "mesos.agent.recovery-timeout", FlagType.Duration,
            "How long executors of checkpointing frameworks wait for a lost agent before they end themselves (default: 15mins)."),
        new("executor_reconnect_retry_interval", "mesos.agent.executor-reconnect-retry-interval", FlagType.Duration,
            "How often, at most, an executor that lost its agent tries to subscribe again (default: 2secs)."),
        new("executor_reregistration_timeout", "mesos.agent.executor-reregistration-timeout", FlagType.Duration,
            "How long a restarted agent waits for a running executor to subscribe again before it kills it (default: 2secs, at most 15secs)."),
        new("switch_user", "mesos.agent.switch-user", FlagType.Boolean,
            "Run tasks as the user their CommandInfo or FrameworkInfo names (default: true)."),
        LoggingLevel,
        new("containerizers", "mesos.agent.containerizers", FlagType.Text,
            "Containerizers in order of preference, comma-separated: mesos, docker (default: mesos)."),
        new("isolation", "mesos.agent.isolation", FlagType.Text,
            "Isolators of the mesos containerizer: posix/cpu, posix/mem, cgroups/cpu, cgroups/mem, cgroups/pids, namespaces/pid, filesystem/posix (default: posix/cpu,posix/mem)."),
        new("cgroups_hierarchy", "mesos.agent.cgroups-hierarchy", FlagType.Text, "Where cgroup hierarchies are mounted (default: /sys/fs/cgroup)."),
        new("cgroups_root", "mesos.agent.cgroups-root", FlagType.Text, "The cgroup that holds a cgroup per container (default: mesos)."),
        new("cgroups_enable_cfs", "mesos.agent.cgroups-enable-cfs", FlagType.Boolean, "Cap cpu time at a task's cpus with a CFS quota (default: false)."),
        new("cgroups_max_pids", "mesos.agent.cgroups-max-pids", FlagType.Integer, "With cgroups/pids, the most processes a container may have; 0: no limit (default: 0)."),
        new("docker", "mesos.agent.docker", FlagType.Text, "The docker program, kept for compatibility: the engine is reached over --docker_socket (default: docker)."),
        new("docker_socket", "mesos.agent.docker-socket", FlagType.Text, "The Docker Engine API's unix socket (default: /var/run/docker.sock)."),
        new("docker_stop_timeout", "mesos.agent.docker-stop-timeout", FlagType.Duration,
            "Between SIGTERM and SIGKILL for a Docker task whose kill policy names no grace period (default: 0ns)."),
        new("fetcher_cache_size", "mesos.agent.fetcher-cache-size", FlagType.Text, "The most the fetcher's cache keeps, e.g. 512MB (default: 2GB)."),
        new("fetcher_cache_dir", "mesos.agent.fetcher-cache-dir", FlagType.Text, "Where the fetcher's cache lives (default: fetch under --work_dir)."),
    ];
}
