using System.Net;
using System.Text;
using System.Text.Json;
using Mesos.Actors.Protocol.Json;
using Mesos.V1;
using Mesos.V1.Scheduler;
using AgentResponse = Mesos.V1.Agent.Response;
using Resources = Mesos.Actors.Protocol.Resources;
using Task = System.Threading.Tasks.Task;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Host.Tests.Http;

/// <summary>The operator's view of a running agent: its v0 /state and its v1 operator API.</summary>
public sealed class AgentEndpointTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>, IDisposable
{
    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    private string AgentUrl(string path) => $"http://127.0.0.1:{cluster.AgentPort}{path}";

    private async Task<(HttpStatusCode Status, string Body)> Post(string json, string contentType = "application/json")
    {
        using var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new(contentType);
        using var response = await _http.PostAsync(AgentUrl("/api/v1"), content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<AgentResponse> Ask(string type)
    {
        var (status, body) = await Post($$"""{"type":"{{type}}"}""");
        status.Should().Be(HttpStatusCode.OK, body);
        return MesosJson.Parse<AgentResponse>(body);
    }

    private async Task<JsonElement> State(string path = "/state") =>
        JsonDocument.Parse(await _http.GetStringAsync(AgentUrl(path))).RootElement;

    /// <summary>Launches a long sleeper on this agent through the framework and returns the offer it used, once the task runs.</summary>
    private async Task<Offer> LaunchSleeper(TestFramework framework, string taskId)
    {
        var agentId = (await State()).GetProperty("id").GetString();
        var offer = (await framework.Next(e => e.Type == Event.Types.Type.Offers && e.Offers.Offers_.Any(o => o.AgentId.Value == agentId)))
            .Offers.Offers_.First(o => o.AgentId.Value == agentId);
        var launch = new Offer.Types.Operation
        {
            Type = Offer.Types.Operation.Types.Type.Launch,
            Launch = new()
            {
                TaskInfos =
                {
                    new TaskInfo
                    {
                        Name = taskId, TaskId = new() { Value = taskId }, AgentId = offer.AgentId,
                        Command = new() { Value = "sleep 300" }, Resources = { Resources.Parse("cpus:0.5;mem:64").ToProtos() },
                    },
                },
            },
        };
        (await framework.Send(new Call { Type = Call.Types.Type.Accept, Accept = new() { OfferIds = { offer.Id }, Operations = { launch } } }))
            .StatusCode.Should().Be(HttpStatusCode.Accepted);
        await framework.NextUpdate(s => s.State == TaskState.TaskRunning);
        return offer;
    }

    private static async Task Kill(TestFramework framework, Offer offer, string taskId)
    {
        await framework.Send(new Call { Type = Call.Types.Type.Kill, Kill = new() { TaskId = new() { Value = taskId }, AgentId = offer.AgentId } });
        (await framework.NextUpdate(s => s.State is TaskState.TaskKilled or TaskState.TaskFailed or TaskState.TaskFinished)).State.Should().Be(TaskState.TaskKilled);
    }

    private static IEnumerable<JsonElement> Executors(JsonElement state) =>
        new[] { "frameworks", "completed_frameworks" }.SelectMany(f => state.GetProperty(f).EnumerateArray())
            .SelectMany(f => f.GetProperty("executors").EnumerateArray().Concat(f.GetProperty("completed_executors").EnumerateArray()));

    [Fact]
    public async Task State_shows_the_running_task_under_its_framework_and_its_executor_with_the_sandbox_holding_stdout()
    {
        await TestFramework.With(cluster.Master, "state-viewer", async framework =>
        {
            var offer = await LaunchSleeper(framework, "napper");

            var state = await State();
            state.GetProperty("id").GetString().Should().Be(offer.AgentId.Value);
            state.GetProperty("pid").GetString().Should().Be($"slave(1)@127.0.0.1:{cluster.AgentPort}");
            state.GetProperty("hostname").GetString().Should().NotBeNullOrEmpty();
            // As Mesos' agent shows it: the hostname the leading master advertises, which the agent learned from it.
            var master = JsonDocument.Parse(await _http.GetStringAsync($"http://{cluster.Master}/master/state")).RootElement;
            state.GetProperty("master_hostname").GetString().Should().Be(master.GetProperty("hostname").GetString());
            var summary = JsonDocument.Parse(await _http.GetStringAsync($"http://{cluster.Master}/master/state-summary")).RootElement;
            var inSummary = summary.GetProperty("slaves").EnumerateArray().Single(a => a.GetProperty("id").GetString() == offer.AgentId.Value);
            inSummary.GetProperty("TASK_RUNNING").GetInt32().Should().BeGreaterThanOrEqualTo(1);
            inSummary.GetProperty("framework_ids").EnumerateArray().Select(f => f.GetString()).Should().Contain(framework.FrameworkId);
            state.GetProperty("resources").GetProperty("cpus").GetDouble().Should().Be(4);
            state.GetProperty("resources").GetProperty("ports").GetString().Should().Be(cluster.TaskPorts.ToString());
            state.GetProperty("flags").GetProperty("port").GetString().Should().Be(cluster.AgentPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var v0Framework = state.GetProperty("frameworks").EnumerateArray().Single(f => f.GetProperty("id").GetString() == framework.FrameworkId);
            v0Framework.GetProperty("name").GetString().Should().Be("state-viewer");
            var executor = v0Framework.GetProperty("executors").EnumerateArray().Single();
            executor.GetProperty("id").GetString().Should().Be("napper");
            executor.GetProperty("name").GetString().Should().Be("Command Executor (Task: napper) (Command: sh -c 'sleep 300')");
            var directory = executor.GetProperty("directory").GetString()!;
            directory.Should().StartWith(cluster.AgentWorkDir);
            File.Exists(Path.Combine(directory, "stdout")).Should().BeTrue();
            Path.GetFileName(directory).Should().Be(executor.GetProperty("container").GetString());
            var task = executor.GetProperty("tasks").EnumerateArray().Single();
            task.GetProperty("id").GetString().Should().Be("napper");
            task.GetProperty("framework_id").GetString().Should().Be(framework.FrameworkId);
            task.GetProperty("slave_id").GetString().Should().Be(offer.AgentId.Value);
            task.GetProperty("state").GetString().Should().Be("TASK_RUNNING");
            task.GetProperty("resources").GetProperty("cpus").GetDouble().Should().Be(0.5);
            task.GetProperty("statuses").EnumerateArray().Select(s => s.GetProperty("state").GetString()).Should().Equal("TASK_STARTING", "TASK_RUNNING");
            task.GetProperty("statuses").EnumerateArray().Should().OnlyContain(s => s.GetProperty("timestamp").GetDouble() > 0);
            // As Mesos' agent shows a task on the host's network: its container, the agent's address, no pid in v0.
            foreach (var status in task.GetProperty("statuses").EnumerateArray())
            {
                var container = status.GetProperty("container_status");
                container.GetProperty("container_id").GetProperty("value").GetString().Should().Be(executor.GetProperty("container").GetString());
                var address = container.GetProperty("network_infos").EnumerateArray().Single().GetProperty("ip_addresses").EnumerateArray().Single();
                address.GetProperty("protocol").GetString().Should().Be("IPv4");
                address.GetProperty("ip_address").GetString().Should().Be("127.0.0.1");
                container.TryGetProperty("executor_pid", out _).Should().BeFalse();
            }

            await Kill(framework, offer, "napper");
            Executors(await State()).Where(e => e.GetProperty("id").GetString() == "napper")
                .SelectMany(e => e.GetProperty("completed_tasks").EnumerateArray())
                .Should().ContainSingle().Which.GetProperty("state").GetString().Should().Be("TASK_KILLED");
        });
    }

    [Fact]
    public async Task GET_STATE_GET_TASKS_GET_EXECUTORS_and_GET_FRAMEWORKS_show_the_running_task()
    {
        await TestFramework.With(cluster.Master, "v1-viewer", async framework =>
        {
            var offer = await LaunchSleeper(framework, "dozer");

            var state = (await Ask("GET_STATE")).GetState;
            state.GetTasks.LaunchedTasks.Should().Contain(t => t.TaskId.Value == "dozer" && t.State == TaskState.TaskRunning && t.FrameworkId.Value == framework.FrameworkId);
            state.GetExecutors.Executors.Should().Contain(e => e.ExecutorInfo.ExecutorId.Value == "dozer");
            state.GetFrameworks.Frameworks.Should().Contain(f => f.FrameworkInfo.Name == "v1-viewer");

            var tasks = await Ask("GET_TASKS");
            tasks.Type.Should().Be(AgentResponse.Types.Type.GetTasks);
            var task = tasks.GetTasks.LaunchedTasks.Single(t => t.TaskId.Value == "dozer");
            task.AgentId.Value.Should().Be(offer.AgentId.Value);
            task.Statuses.Select(s => s.State).Should().Equal(TaskState.TaskStarting, TaskState.TaskRunning);
            task.Statuses.Should().OnlyContain(s => s.HasUuid && s.Timestamp > 0);

            (await Ask("GET_EXECUTORS")).GetExecutors.Executors.Should().Contain(e => e.ExecutorInfo.FrameworkId.Value == framework.FrameworkId);
            (await Ask("GET_FRAMEWORKS")).GetFrameworks.Frameworks.Should().Contain(f => f.FrameworkInfo.Id.Value == framework.FrameworkId);
            (await Ask("GET_CONTAINERS")).GetContainers.Containers.Should().Contain(c => c.ExecutorId.Value == "dozer" && c.ContainerStatus.ExecutorPid > 0);
            (await Ask("GET_AGENT")).GetAgent.AgentInfo.Id.Value.Should().Be(offer.AgentId.Value);

            await Kill(framework, offer, "dozer");
            var done = (await Ask("GET_TASKS")).GetTasks;
            done.LaunchedTasks.Should().NotContain(t => t.TaskId.Value == "dozer");
            done.TerminatedTasks.Concat(done.CompletedTasks).Should().Contain(t => t.TaskId.Value == "dozer" && t.State == TaskState.TaskKilled);
        });
    }

    [Fact]
    public async Task GET_HEALTH_GET_VERSION_and_GET_FLAGS_answer_in_Mesos_shape()
    {
        (await Ask("GET_HEALTH")).GetHealth.Healthy.Should().BeTrue();
        (await Ask("GET_VERSION")).GetVersion.VersionInfo.Version.Should().NotBeNullOrEmpty();
        (await Ask("GET_FLAGS")).GetFlags.Flags.Should().Contain(f => f.Name == "work_dir" && f.Value == cluster.AgentWorkDir);
    }

    [Fact]
    public async Task State_is_also_served_under_the_agents_libprocess_name_at_the_old_json_path_and_with_jsonp()
    {
        foreach (var path in new[] { "/state.json", "/slave(1)/state", "/slave(1)/state.json", "/slave(1)/health", "/slave(1)/flags" })
        {
            (await _http.GetAsync(AgentUrl(path))).StatusCode.Should().Be(HttpStatusCode.OK, path);
        }
        (await _http.GetStringAsync(AgentUrl("/state?jsonp=render"))).Should().StartWith("render({");
        using var content = new StringContent("""{"type":"GET_HEALTH"}""", Encoding.UTF8, "application/json");
        (await _http.PostAsync(AgentUrl("/slave(1)/api/v1"), content)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("""{"type":"NO_SUCH_CALL"}""")]
    [InlineData("""{"type":"GET_METRICS"}""")]
    [InlineData("""{"type":"READ_FILE"}""")]
    [InlineData("""{"type":""")]
    public async Task Bad_or_unsupported_calls_answer_400_with_a_message(string json)
    {
        var (status, body) = await Post(json);
        status.Should().Be(HttpStatusCode.BadRequest);
        body.Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task A_call_in_an_unknown_content_type_answers_415()
    {
        (await Post("""{"type":"GET_HEALTH"}""", "text/plain")).Status.Should().Be(HttpStatusCode.UnsupportedMediaType);
    }
}
