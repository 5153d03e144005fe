using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Mesos.Host.Tests.Http;

/// <summary>
/// Every key path (with the type of its value) that Apache Mesos 1.11.0 served for a master, an agent, one
/// finished and one failed `mesos-execute` task (Golden/, captured from the real thing) is served by us for
/// the same scenario: clients written against Mesos find every field they read. Ids, names and numbers differ
/// from run to run and are not compared; extra paths of ours are allowed.
/// </summary>
public sealed partial class GoldenShapeTests(GoldenShapeTests.Scenario scenario) : IClassFixture<GoldenShapeTests.Scenario>
{
    /// <summary>Golden files and the request that answers each on our side (GET unless a body is given).</summary>
    private static readonly Dictionary<string, (bool OnAgent, string Path, string? Call)> Endpoints = new()
    {
        ["master_state"] = (false, "/master/state", null),
        ["master_frameworks"] = (false, "/master/frameworks", null),
        ["master_slaves"] = (false, "/master/slaves", null),
        ["master_tasks"] = (false, "/master/tasks", null),
        ["master_state-summary"] = (false, "/master/state-summary", null),
        ["master_flags"] = (false, "/master/flags", null),
        ["master_roles"] = (false, "/master/roles", null),
        ["master_weights"] = (false, "/master/weights", null),
        ["master_quota"] = (false, "/master/quota", null),
        ["metrics_snapshot"] = (false, "/metrics/snapshot", null),
        ["op_GET_AGENTS"] = (false, "/api/v1", "GET_AGENTS"),
        ["op_GET_EXECUTORS"] = (false, "/api/v1", "GET_EXECUTORS"),
        ["op_GET_FLAGS"] = (false, "/api/v1", "GET_FLAGS"),
        ["op_GET_FRAMEWORKS"] = (false, "/api/v1", "GET_FRAMEWORKS"),
        ["op_GET_HEALTH"] = (false, "/api/v1", "GET_HEALTH"),
        ["op_GET_MASTER"] = (false, "/api/v1", "GET_MASTER"),
        ["op_GET_QUOTA"] = (false, "/api/v1", "GET_QUOTA"),
        ["op_GET_ROLES"] = (false, "/api/v1", "GET_ROLES"),
        ["op_GET_STATE"] = (false, "/api/v1", "GET_STATE"),
        ["op_GET_TASKS"] = (false, "/api/v1", "GET_TASKS"),
        ["op_GET_VERSION"] = (false, "/api/v1", "GET_VERSION"),
        ["op_GET_WEIGHTS"] = (false, "/api/v1", "GET_WEIGHTS"),
        ["agent_state"] = (true, "/state", null),
        ["agent_flags"] = (true, "/flags", null),
        ["agent_version"] = (true, "/version", null),
        ["agent_op_GET_STATE"] = (true, "/api/v1", "GET_STATE"),
        // Not compared: agent_containers and agent_monitor_statistics (empty arrays in the golden run, so no key
        // paths, and the endpoints are not served yet), health (an empty body), op_GET_METRICS (Mesos' refusal
        // of a call without its body, text).
    };

    /// <summary>
    /// Golden paths we do not serve, each with why: serving them would mean showing a value that is not true of this
    /// cluster (a setting it does not have, a number it does not compute). Files and paths are regular expressions;
    /// paths are matched after <see cref="Normalized"/>.
    /// </summary>
    private static readonly (string Files, string Paths, string Reason)[] Exclusions =
    [
        ("^agent_op_GET_STATE$", @"^get_state\.get_executors\.completed_executors\[\]\.executor_info\.resources\[\]",
            "Mesos' command executor is a process of its own, given 0.1 cpus and 32 MB beside its task's; ours runs the task's command "
            + "itself and holds nothing of its own, so the made-up executor's resources are empty"),
        ("^op_GET_(TASKS|STATE)$", @"^get_(state\.get_)?tasks\.completed_tasks\[\]\.statuses\[\]\.reason:",
            "in the golden run the master removed mesos-execute's framework before its acknowledgement of the last update arrived "
            + "and appended TASK_KILLED (REASON_FRAMEWORK_REMOVED) to the task that had already ended; ours adds that update only to "
            + "tasks still running, and a command that ends by itself has no reason"),

        ("^master_(flags|state)$", @"^flags\.(authenticate_\w+|authentication_v0_timeout|authenticators|authorizers|http_authenticators|root_submissions):",
            "no authentication or authorization: there is no such setting to show"),
        ("^master_(flags|state)$", @"^flags\.(registry_fetch_timeout|registry_store_timeout|recovery_agent_removal_limit|log_auto_initialize|zk_session_timeout):",
            "the registry is a SQL journal, written and read as one store, with no replicated log to initialize or ZooKeeper; "
            + "agents that do not come back after a failover are not removed in limited batches"),
        ("^master_(flags|state)$", @"^flags\.(allocator|framework_sorter|role_sorter|filter_gpu_resources|offer_constraints_\w+|require_agent_domain|max_unreachable_tasks_per_framework|webui_dir):",
            "not settings of this master: one allocator and sorter, no offer constraints or domains, the web UI built in, "
            + "and unreachable tasks are not kept apart"),
        ("^(master|agent)_(flags|state)$", @"^flags\.(help|version|quiet|logbufsecs|initialize_driver_logging|memory_profiling):",
            "glog's and libprocess' own options (logging_level is Akka's akka.loglevel)"),

        ("^agent_(flags|state)$", @"^flags\.(appc_\w+|docker_(ignore_runtime|kill_orphans|registry|remove_delay|store_dir|volume_\w+)|launcher\w*|cgroups_(cpu_enable_pids_and_tids_count|destroy_timeout|limit_swap)|disallow_sharing_\w+|enforce_container_disk_quota|container_disk_watch_interval|network_cni_\w+|sandbox_directory|runtime_dir|systemd_\w+|revocable_cpu_low_priority|perf_\w+|qos_correction_interval_min|oversubscribed_resources_interval|fetcher_stall_timeout|frameworks_home):",
            "Mesos' container settings this agent does not have: appc and image stores, launchers, CNI, docker's registry, store, "
            + "volumes and orphan handling, other cgroups knobs, systemd, oversubscription, the fetcher's stall timeout, frameworks_home"),
        ("^agent_(flags|state)$", @"^flags\.(recover|recovery_timeout|executor_reregistration_timeout|reconfiguration_policy|strict|gc_\w+|disk_watch_interval|max_completed_executors_per_framework):",
            "nothing is checkpointed, recovered or garbage-collected yet, and the completed executors kept are a fixed number"),
        ("^agent_(flags|state)$", @"^flags\.(authenticate\w*|authentication_\w+|authorizer|registration_backoff_factor|zk_session_timeout|default_role|http_command_executor|http_executor_domain_sockets|http_heartbeat_interval):",
            "not settings of this agent: no authentication or ZooKeeper; resources are unreserved unless --resources "
            + "says otherwise; command tasks run without an executor process; executors speak HTTP on the agent's port"),

        ("^metrics_snapshot$", @"^master/messages_(?!framework_to_executor|executor_to_framework)\w+:",
            "count the libprocess messages of Mesos' v0 driver and agent protocol, which this master does not speak (the framework "
            + "and executor messages it relays are master/messages_framework_to_executor and _executor_to_framework)"),
        ("^metrics_snapshot$", @"^master/((in)?valid_(operation_status_updates|operation_status_update_acknowledgements)|operations/)",
            "offer operations' feedback: no operation here reports its status (RESERVE and UNRESERVE apply at once, without an "
            + "operation id), so there is no operation state to count"),
        ("^metrics_snapshot$", @"^(master/event_queue_\w+|allocator/(mesos/)?event_queue_dispatches|master/dropped_messages|master/http_cache_hits):",
            "libprocess' event queues and HTTP cache; Akka's mailboxes do not report their length"),
        ("^metrics_snapshot$", "^registrar/", "the registry's own operations are not measured yet"),
        ("^metrics_snapshot$", "^master/task_STATE/source_SOURCE/reason_REASON",
            "counted only for ends with a reason: in the golden run two launches failed before their executor started "
            + "(reason_executor_terminated), while here both commands end by themselves, which carries no reason"),
    ];

    public static TheoryData<string> GoldenFiles() => new(Endpoints.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(GoldenFiles))]
    public async Task Every_key_path_Mesos_serves_is_served(string file)
    {
        var golden = Normalized(JsonShape.Of(await File.ReadAllTextAsync(GoldenPath(file))));
        var ours = Normalized(JsonShape.Of(await scenario.Answer(Endpoints[file])));

        var missing = golden.Except(ours)
            .Where(path => !Exclusions.Any(e => Regex.IsMatch(file, e.Files, RegexOptions.CultureInvariant) && Regex.IsMatch(path, e.Paths, RegexOptions.CultureInvariant)))
            .ToList();

        missing.Should().BeEmpty($"{file} of Mesos 1.11 has them");
    }

    [Fact]
    public void Every_exclusion_still_excludes_a_golden_path()
    {
        var unused = Exclusions
            .Where(e => !Endpoints.Keys.Where(file => Regex.IsMatch(file, e.Files, RegexOptions.CultureInvariant))
                .SelectMany(file => Normalized(JsonShape.Of(File.ReadAllText(GoldenPath(file)))))
                .Any(path => Regex.IsMatch(path, e.Paths, RegexOptions.CultureInvariant)))
            .Select(e => $"{e.Files}: {e.Paths}");

        unused.Should().BeEmpty();
    }

    /// <summary>
    /// Per-framework metrics are keyed by the framework's name and id, per-reason task metrics by what ended
    /// the task: the same key paths for a reader, whatever this run's ids and reasons.
    /// </summary>
    private static HashSet<string> Normalized(IEnumerable<string> paths) =>
        paths.Select(path => TaskReasonMetric().Replace(FrameworkMetric().Replace(path, "master/frameworks/NAME/ID/"), "master/task_STATE/source_SOURCE/reason_REASON"))
            .ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex("^master/frameworks/[^/]+/[^/]+/")]
    private static partial Regex FrameworkMetric();

    [GeneratedRegex("^master/task_[a-z_]+/source_[a-z_]+/reason_[a-z_]+")]
    private static partial Regex TaskReasonMetric();

    private static string GoldenPath(string file, [CallerFilePath] string source = "") =>
        Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(source))!, "Golden", file + ".json");

    /// <summary>The golden run: a master and an agent, one finished task (`whizbang`) and one failed (`fails`).</summary>
    public sealed class Scenario : IAsyncLifetime
    {
        private readonly ClusterFixture _cluster = new();
        private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

        public async Task InitializeAsync()
        {
            await _cluster.InitializeAsync();
            await Execute("--name=whizbang", "--command=/bin/sleep 1", 0);
            await Execute("--name=fails", "--command=echo hello; exit 3", 1);
            // mesos execute exits once its task ended; the agent's executors and frameworks end a moment later.
            await Eventually(async () =>
                CompletedFrameworks(await Get(false, "/master/frameworks")) == 2 && CompletedFrameworks(await Get(true, "/state")) == 2);
        }

        public async Task DisposeAsync()
        {
            _http.Dispose();
            await _cluster.DisposeAsync();
        }

        public Task<string> Answer((bool OnAgent, string Path, string? Call) endpoint) =>
            endpoint.Call is null ? Get(endpoint.OnAgent, endpoint.Path) : Post(endpoint.OnAgent, endpoint.Path, $$"""{"type":"{{endpoint.Call}}"}""");

        private string Url(bool onAgent, string path) => onAgent ? $"http://127.0.0.1:{_cluster.AgentPort}{path}" : _cluster.MasterUrl(path);

        private async Task<string> Get(bool onAgent, string path)
        {
            using var response = await _http.GetAsync(Url(onAgent, path));
            var body = await response.Content.ReadAsStringAsync();
            response.IsSuccessStatusCode.Should().BeTrue($"GET {path} answered {(int)response.StatusCode}: {body}");
            return body;
        }

        private async Task<string> Post(bool onAgent, string path, string json)
        {
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            using var response = await _http.PostAsync(Url(onAgent, path), content);
            var body = await response.Content.ReadAsStringAsync();
            response.IsSuccessStatusCode.Should().BeTrue($"{json} answered {(int)response.StatusCode}: {body}");
            return body;
        }

        private async Task Execute(string name, string command, int exitCode)
        {
            var (exit, stdout, stderr) = await MesosProcess.RunAsync("execute", $"--master={_cluster.Master}", name, command);
            exit.Should().Be(exitCode, stdout + stderr);
        }

        private static int CompletedFrameworks(string json)
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.TryGetProperty("completed_frameworks", out var completed) ? completed.GetArrayLength() : 0;
        }

        private static Task Eventually(Func<Task<bool>> condition) => Condition.Until(condition, TimeSpan.FromSeconds(30));
    }
}
