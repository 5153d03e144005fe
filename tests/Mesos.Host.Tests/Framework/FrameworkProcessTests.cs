using System.Text.Json;
using Task = System.Threading.Tasks.Task;

namespace Mesos.Host.Tests.Framework;

/// <summary>
/// A framework written on the SDK, run as its own process (tests/Mesos.TestScheduler) against a master
/// and an agent that are processes too: the whole path a user's framework takes.
/// </summary>
public sealed class FrameworkProcessTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly string[] BatchStates = ["TASK_STARTING", "TASK_RUNNING", "TASK_FINISHED"];

    private readonly HttpClient _http = new();

    private RunningMesos StartScheduler(params string[] args) =>
        RunningMesos.StartProgram(TestPrograms.Executable("tests/Mesos.TestScheduler"), [$"--master={cluster.Master}", .. args]);

    private static async Task<string> Subscribed(RunningMesos scheduler) =>
        (await scheduler.WaitForLine(l => l.StartsWith("SUBSCRIBED ", StringComparison.Ordinal), "The scheduler did not subscribe", Deadline))["SUBSCRIBED ".Length..];

    /// <summary>Waits until the scheduler has printed each of <paramref name="lines"/>, in any order.</summary>
    private static Task WaitForAll(RunningMesos scheduler, params string[] lines)
    {
        var missing = new HashSet<string>(lines, StringComparer.Ordinal);
        return scheduler.WaitForLine(l => missing.Remove(l) && missing.Count == 0, $"The scheduler did not print all of: {string.Join(", ", lines)}", Deadline);
    }

    private async Task<JsonElement> Framework(string id)
    {
        var frameworks = JsonDocument.Parse(await _http.GetStringAsync(cluster.MasterUrl("/master/frameworks"))).RootElement.GetProperty("frameworks");
        return frameworks.EnumerateArray().Single(f => f.GetProperty("id").GetString() == id);
    }

    private async Task<JsonElement> WaitForFramework(string id, Func<JsonElement, bool> condition, string what)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var framework = await Framework(id);
        while (!condition(framework))
        {
            if (deadline.IsCancellationRequested) throw new TimeoutException($"The master never showed {what}: {framework}");
            await Task.Yield();
            framework = await Framework(id);
        }
        return framework;
    }

    private static IEnumerable<string> States(JsonElement tasks) =>
        tasks.EnumerateArray().Select(t => t.GetProperty("state").GetString()!);

    [Fact]
    public async Task Two_hundred_tasks_each_reach_TASK_FINISHED_with_every_update_delivered_and_acknowledged_once()
    {
        await using var scheduler = StartScheduler("--name=batch", "--tasks=200", "--command=true");
        var id = await Subscribed(scheduler);
        await scheduler.WaitForLine(l => l == "ALL_TERMINAL", "Not every task ended", TimeSpan.FromMinutes(3));

        // The master retires a task only when its terminal update is acknowledged.
        var framework = await WaitForFramework(id, f => f.GetProperty("completed_tasks").GetArrayLength() == 200 && f.GetProperty("tasks").GetArrayLength() == 0,
            "200 completed tasks");
        States(framework.GetProperty("completed_tasks")).Should().AllBe("TASK_FINISHED");
        (await scheduler.Terminate(Deadline)).Should().Be(0);

        var lines = scheduler.Lines();
        var updates = lines.Where(l => l.StartsWith("UPDATE ", StringComparison.Ordinal)).Select(l => l.Split(' ')).ToList();
        var acked = lines.Where(l => l.StartsWith("ACKED ", StringComparison.Ordinal)).Select(l => l.Split(' ')).ToList();
        lines.Should().NotContain(l => l.StartsWith("ACK_FAILED", StringComparison.Ordinal));
        updates.Should().HaveCount(600);
        foreach (var task in Enumerable.Range(1, 200).Select(i => $"task-{i}"))
        {
            updates.Where(u => u[1] == task).Select(u => u[2]).Should().Equal(BatchStates, $"{task} reports each state once, in order");
            updates.Where(u => u[1] == task).Should().OnlyContain(u => u[3].Length == 32, "the agent's updates carry a uuid");
            acked.Where(a => a[1] == task).Select(a => a[2]).Should().BeEquivalentTo(BatchStates, $"each update of {task} is acknowledged once");
        }
    }

    [Fact]
    public async Task A_framework_process_killed_and_restarted_with_its_id_within_failover_timeout_keeps_its_tasks()
    {
        string id;
        await using (var first = StartScheduler("--name=failover", "--tasks=2", "--command=sleep 300", "--failover_timeout=60"))
        {
            id = await Subscribed(first);
            await WaitForAll(first, "ACKED task-1 TASK_RUNNING", "ACKED task-2 TASK_RUNNING");
            await first.Crash();
        }
        var disconnected = await WaitForFramework(id, f => !f.GetProperty("connected").GetBoolean(), "the framework disconnected");
        States(disconnected.GetProperty("tasks")).Should().Equal("TASK_RUNNING", "TASK_RUNNING");

        await using var second = StartScheduler("--name=failover", $"--framework_id={id}", "--failover_timeout=60", "--reconcile=true");
        (await Subscribed(second)).Should().Be(id);
        await WaitForAll(second, "UPDATE task-1 TASK_RUNNING -", "UPDATE task-2 TASK_RUNNING -");
        var resumed = await Framework(id);
        resumed.GetProperty("connected").GetBoolean().Should().BeTrue();
        States(resumed.GetProperty("tasks")).Should().Equal("TASK_RUNNING", "TASK_RUNNING");
        second.Lines().Should().NotContain(l => l.StartsWith("UPDATE task-", StringComparison.Ordinal) && !l.Contains("TASK_RUNNING", StringComparison.Ordinal),
            "the tasks kept running through the failover");

        using var teardown = await _http.PostAsync(cluster.MasterUrl("/master/teardown"), new FormUrlEncodedContent([new("frameworkId", id)]));
        teardown.EnsureSuccessStatusCode();
        await second.WaitForLine(l => l.StartsWith("ERROR ", StringComparison.Ordinal), "The torn-down framework was not told", Deadline);
    }
}
