using System.Net;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Mesos.V1;
using Mesos.V1.Scheduler;
using Resources = Mesos.Actors.Protocol.Resources;
using Task = System.Threading.Tasks.Task;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Host.Tests.Http;

/// <summary>
/// Custom executors as real processes (the test executor, speaking the executor API over HTTP) and task
/// groups under the default executor, on a real master and agent.
/// </summary>
public sealed class ExecutorTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>, IDisposable
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(60);

    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    private static ExecutorInfo TestExecutor(string id) => new()
    {
        ExecutorId = new ExecutorID { Value = id },
        Name = "test executor",
        Command = TestExecutorProgram.Command(),
        Resources = { Resources.Parse("cpus:0.1;mem:32").ToProtos() },
    };

    private static ExecutorInfo DefaultExecutor(string id) => new()
    {
        Type = ExecutorInfo.Types.Type.Default,
        ExecutorId = new ExecutorID { Value = id },
        Resources = { Resources.Parse("cpus:0.1;mem:32;disk:32").ToProtos() },
    };

    private static TaskInfo Task(Offer offer, string id, string? data = null, string? command = null)
    {
        var task = new TaskInfo
        {
            Name = id,
            TaskId = new TaskID { Value = id },
            AgentId = offer.AgentId,
            Resources = { Resources.Parse("cpus:0.1;mem:32").ToProtos() },
        };
        if (data is not null) task.Data = ByteString.CopyFromUtf8(data);
        if (command is not null) task.Command = new CommandInfo { Value = command };
        return task;
    }

    private static async Task<Offer> NextOffer(TestFramework framework) =>
        (await framework.Next(e => e.Type == Event.Types.Type.Offers)).Offers.Offers_[0];

    private static async Task Accept(TestFramework framework, Offer offer, Offer.Types.Operation operation) =>
        (await framework.Send(new Call { Type = Call.Types.Type.Accept, Accept = new() { OfferIds = { offer.Id }, Operations = { operation } } }))
            .StatusCode.Should().Be(HttpStatusCode.Accepted);

    /// <summary>Launches one task for the test executor; returns the offer it used.</summary>
    private static async Task<Offer> LaunchOnTestExecutor(TestFramework framework, string taskId, string data, string executorId)
    {
        var offer = await NextOffer(framework);
        var task = Task(offer, taskId, data);
        task.Executor = TestExecutor(executorId);
        await Accept(framework, offer, new Offer.Types.Operation
        {
            Type = Offer.Types.Operation.Types.Type.Launch,
            Launch = new() { TaskInfos = { task } },
        });
        return offer;
    }

    private static async Task LaunchGroup(TestFramework framework, string executorId, params (string Id, string Command)[] tasks)
    {
        var offer = await NextOffer(framework);
        await Accept(framework, offer, new Offer.Types.Operation
        {
            Type = Offer.Types.Operation.Types.Type.LaunchGroup,
            LaunchGroup = new()
            {
                Executor = DefaultExecutor(executorId),
                TaskGroup = new TaskGroupInfo { Tasks = { tasks.Select(t => Task(offer, t.Id, command: t.Command)) } },
            },
        });
    }

    /// <summary>The terminal update of each named task, acknowledging every update on the way.</summary>
    private static async Task<Dictionary<string, TaskStatus>> Ends(TestFramework framework, params string[] taskIds)
    {
        var ends = new Dictionary<string, TaskStatus>();
        while (ends.Count < taskIds.Length)
        {
            var status = await framework.NextUpdate(s => taskIds.Contains(s.TaskId.Value) && IsTerminal(s.State), ProcessTimeout);
            ends[status.TaskId.Value] = status;
        }
        return ends;
    }

    private static bool IsTerminal(TaskState state) =>
        state is TaskState.TaskFinished or TaskState.TaskFailed or TaskState.TaskKilled or TaskState.TaskError or TaskState.TaskLost;


    [Fact]
    public async Task A_task_on_the_test_executor_runs_and_finishes()
    {
        await TestFramework.With(cluster.Master, "executor-finish", async framework =>
        {
            await LaunchOnTestExecutor(framework, "finisher", "finish", "finish-executor");

            var running = await framework.NextUpdate(s => s.TaskId.Value == "finisher", ProcessTimeout);
            running.State.Should().Be(TaskState.TaskRunning, running.Message);
            running.Source.Should().Be(TaskStatus.Types.Source.Executor);
            running.ExecutorId.Value.Should().Be("finish-executor");
            (await framework.NextUpdate(s => s.TaskId.Value == "finisher", ProcessTimeout)).State.Should().Be(TaskState.TaskFinished);
        });
    }

    [Fact]
    public async Task A_framework_message_reaches_the_executor_and_its_echo_comes_back_to_the_scheduler()
    {
        await TestFramework.With(cluster.Master, "executor-echo", async framework =>
        {
            var offer = await LaunchOnTestExecutor(framework, "echoer", "echo-messages", "echo-executor");
            await framework.NextUpdate(s => s.TaskId.Value == "echoer" && s.State == TaskState.TaskRunning, ProcessTimeout);

            (await framework.Send(new Call
            {
                Type = Call.Types.Type.Message,
                Message = new() { AgentId = offer.AgentId, ExecutorId = new ExecutorID { Value = "echo-executor" }, Data = ByteString.CopyFromUtf8("hello") },
            })).StatusCode.Should().Be(HttpStatusCode.Accepted);

            var echo = (await framework.Next(e => e.Type == Event.Types.Type.Message, ProcessTimeout)).Message;
            echo.Data.ToStringUtf8().Should().Be("echo:hello");
            echo.ExecutorId.Value.Should().Be("echo-executor");
            echo.AgentId.Should().Be(offer.AgentId);
        });
    }

    [Fact]
    public async Task The_test_executor_finds_the_environment_Mesos_executor_libraries_read()
    {
        await TestFramework.With(cluster.Master, "executor-environment", async framework =>
        {
            var offer = await LaunchOnTestExecutor(framework, "reporter", "report-environment", "environment-executor");

            var report = (await framework.Next(e => e.Type == Event.Types.Type.Message, ProcessTimeout)).Message.Data.ToStringUtf8();
            var environment = report.Split('\n').Select(line => line.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1]);
            environment.Should().Contain("MESOS_SLAVE_PID", $"slave(1)@127.0.0.1:{cluster.AgentPort}")
                .And.Contain("MESOS_AGENT_ENDPOINT", $"127.0.0.1:{cluster.AgentPort}")
                .And.Contain("MESOS_FRAMEWORK_ID", framework.FrameworkId)
                .And.Contain("MESOS_EXECUTOR_ID", "environment-executor")
                .And.Contain("MESOS_SLAVE_ID", offer.AgentId.Value)
                .And.Contain("MESOS_CHECKPOINT", "1")
                .And.Contain("MESOS_RECOVERY_TIMEOUT", "15mins")
                .And.Contain("MESOS_SUBSCRIPTION_BACKOFF_MAX", "2secs")
                .And.Contain("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "5secs")
                .And.Contain("MESOS_HTTP_COMMAND_EXECUTOR", "0");
            environment["MESOS_DIRECTORY"].Should().Be(environment["MESOS_SANDBOX"]);
            Directory.Exists(environment["MESOS_SANDBOX"]).Should().BeTrue();
        }, checkpoint: true);
    }

    [Fact]
    public async Task A_task_on_the_test_executor_shows_under_its_executor_and_a_kill_goes_through_the_executor()
    {
        await TestFramework.With(cluster.Master, "executor-kill", async framework =>
        {
            var offer = await LaunchOnTestExecutor(framework, "victim", "run", "kill-executor");
            await framework.NextUpdate(s => s.TaskId.Value == "victim" && s.State == TaskState.TaskRunning, ProcessTimeout);
            var state = JsonDocument.Parse(await _http.GetStringAsync($"http://127.0.0.1:{cluster.AgentPort}/state")).RootElement;
            var executor = state.GetProperty("frameworks").EnumerateArray().Single(f => f.GetProperty("id").GetString() == framework.FrameworkId)
                .GetProperty("executors").EnumerateArray().Single();
            executor.GetProperty("id").GetString().Should().Be("kill-executor");
            executor.GetProperty("tasks").EnumerateArray().Single().GetProperty("executor_id").GetString().Should().Be("kill-executor");
            File.Exists(Path.Combine(executor.GetProperty("directory").GetString()!, "stdout")).Should().BeTrue();
            var master = JsonDocument.Parse(await _http.GetStringAsync(cluster.MasterUrl("/master/state"))).RootElement;
            master.GetProperty("frameworks").EnumerateArray().Single(f => f.GetProperty("id").GetString() == framework.FrameworkId)
                .GetProperty("executors").EnumerateArray().Single().GetProperty("executor_id").GetString().Should().Be("kill-executor");
            using (var executors = await _http.PostAsync(cluster.MasterUrl("/api/v1"), new StringContent("""{"type":"GET_EXECUTORS"}""", System.Text.Encoding.UTF8, "application/json")))
            {
                var listed = Actors.Protocol.Json.MesosJson.Parse<Mesos.V1.Master.Response>(await executors.Content.ReadAsStringAsync()).GetExecutors.Executors;
                listed.Should().Contain(e => e.ExecutorInfo.ExecutorId.Value == "kill-executor" && e.AgentId.Value == offer.AgentId.Value);
            }

            await framework.Send(new Call { Type = Call.Types.Type.Kill, Kill = new() { TaskId = new TaskID { Value = "victim" }, AgentId = offer.AgentId } });

            var killed = (await Ends(framework, "victim"))["victim"];
            killed.State.Should().Be(TaskState.TaskKilled);
            killed.Source.Should().Be(TaskStatus.Types.Source.Executor);
        });
    }

    [Fact]
    public async Task When_the_executor_process_exits_its_task_fails_and_the_framework_hears_of_the_exit()
    {
        await TestFramework.With(cluster.Master, "executor-exit", async framework =>
        {
            var offer = await LaunchOnTestExecutor(framework, "orphan", "exit", "exit-executor");

            // The task's end and the executor's exit come by different ways; either may arrive first.
            TaskStatus? failed = null;
            Event.Types.Failure? failure = null;
            while (failed is null || failure is null)
            {
                var e = await framework.Next(e => e.Type is Event.Types.Type.Failure or Event.Types.Type.Update, ProcessTimeout);
                if (e.Type == Event.Types.Type.Failure) failure = e.Failure;
                else if (await framework.Acknowledge(e.Update.Status) is { } status && IsTerminal(status.State)) failed = status;
            }
            failed.TaskId.Value.Should().Be("orphan");
            failed.State.Should().Be(TaskState.TaskFailed);
            failed.Reason.Should().Be(TaskStatus.Types.Reason.ExecutorTerminated);
            failed.Source.Should().Be(TaskStatus.Types.Source.Agent);
            failure.ExecutorId.Value.Should().Be("exit-executor");
            failure.AgentId.Should().Be(offer.AgentId);
            failure.Status.Should().Be(3 << 8, "the test executor exits with status 3");
        });
    }

    [Fact]
    public async Task A_task_group_of_two_runs_under_the_default_executor_and_both_finish()
    {
        await TestFramework.With(cluster.Master, "group-finish", async framework =>
        {
            await LaunchGroup(framework, "pair", ("first", "echo one > out"), ("second", "echo two > out"));

            var ends = await Ends(framework, "first", "second");

            ends.Values.Should().OnlyContain(s => s.State == TaskState.TaskFinished && s.ExecutorId.Value == "pair");
            var sandbox = Directory.GetDirectories(Path.Combine(cluster.AgentWorkDir, "slaves", ends["first"].AgentId.Value, "frameworks",
                framework.FrameworkId, "executors", "pair", "runs")).Single();
            (await File.ReadAllTextAsync(Path.Combine(sandbox, "tasks", "first", "out"))).Should().Be("one\n");
            (await File.ReadAllTextAsync(Path.Combine(sandbox, "tasks", "second", "out"))).Should().Be("two\n");
        });
    }

    [Fact]
    public async Task When_a_task_of_a_group_fails_the_other_is_killed()
    {
        await TestFramework.With(cluster.Master, "group-fail", async framework =>
        {
            await LaunchGroup(framework, "doomed", ("failing", "sleep 1; exit 1"), ("sleeping", "sleep 300"));

            var ends = await Ends(framework, "failing", "sleeping");

            ends["failing"].State.Should().Be(TaskState.TaskFailed);
            ends["failing"].Message.Should().Contain("exited with status 1");
            ends["sleeping"].State.Should().Be(TaskState.TaskKilled);
        });
    }

    [Theory]
    [InlineData("../later", "planter")]
    [InlineData("../../../../../victim", "victim")]
    public async Task A_link_a_task_plants_where_a_later_sandbox_goes_fails_that_task_and_nothing_lands_outside_the_work_dir(string link, string laterExecutor)
    {
        var outside = Directory.CreateTempSubdirectory("mesos-outside-").FullName;
        try
        {
            await TestFramework.With(cluster.Master, "planter", async framework =>
            {
                // The sleeper keeps the executor, and so the planted link, in place for the later task.
                await LaunchGroup(framework, "planter", ("keeper", "sleep 300"), ("plant", $"ln -s {outside} {link}"));
                (await Ends(framework, "plant"))["plant"].State.Should().Be(TaskState.TaskFinished);

                await LaunchGroup(framework, laterExecutor, ("later", "echo escaped; echo escaped >&2; echo escaped > file"));

                var later = (await Ends(framework, "later"))["later"];
                later.State.Should().Be(TaskState.TaskFailed);
                later.Message.Should().Contain("symbolic link");
                Directory.EnumerateFileSystemEntries(outside).Should().BeEmpty();
            });
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    private async Task<(HttpStatusCode Status, string Body)> PostExecutorCall(string body, string contentType = "application/json")
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new(contentType);
        using var response = await _http.PostAsync($"http://127.0.0.1:{cluster.AgentPort}/api/v1/executor", content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("""{"type":"SUBSCRIBE",""", "Failed to parse")]
    [InlineData("""{"type":"SUBSCRIBE","framework_id":{"value":"f"},"subscribe":{}}""", "executor_id")]
    [InlineData("""{"type":"SUBSCRIBE","framework_id":{"value":"nobody"},"executor_id":{"value":"e"},"subscribe":{}}""", "Framework cannot be found")]
    [InlineData("""{"type":"SUBSCRIBE","framework_id":{"value":"nobody"},"executor_id":{"value":"e"}}""", "Expecting 'subscribe' to be present")]
    [InlineData("""{"type":"UPDATE","framework_id":{"value":"f"},"executor_id":{"value":"e"},"update":{"status":{"task_id":{"value":"t"},"state":"TASK_RUNNING","source":"SOURCE_EXECUTOR"}}}""", "Expecting 'uuid' to be present")]
    public async Task Bad_executor_calls_answer_400_with_a_message(string body, string message)
    {
        var (status, text) = await PostExecutorCall(body);

        status.Should().Be(HttpStatusCode.BadRequest);
        text.Should().NotBeNullOrWhiteSpace().And.Contain(message);
    }

    [Fact]
    public async Task An_executor_call_in_another_content_type_answers_415_and_one_over_the_body_limit_413()
    {
        (await PostExecutorCall("""{"type":"SUBSCRIBE"}""", "text/plain")).Status.Should().Be(HttpStatusCode.UnsupportedMediaType);
        var padding = new string('x', cluster.AgentMaxBodyBytes + 1024);
        var oversized = $$$"""{"type":"MESSAGE","framework_id":{"value":"f"},"executor_id":{"value":"e"},"message":{"data":"{{{padding}}}"}}""";
        (await PostExecutorCall(oversized)).Status.Should().Be(HttpStatusCode.RequestEntityTooLarge);
    }
}
