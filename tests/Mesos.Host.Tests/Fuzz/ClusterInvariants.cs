using System.Globalization;
using System.Text.Json;

namespace Mesos.Host.Tests.Fuzz;

/// <summary>
/// What must hold of a cluster whatever it was sent, read from the master's and the agent's v0 state:
/// no agent holds more than it has (in the master's books, in the tasks the master lists, and in the
/// agent's own), the fuzzer's framework is still there, and every task the agent runs is one the
/// master knows.
/// </summary>
internal static class ClusterInvariants
{
    private const double Epsilon = 1e-6;
    private static readonly string[] Scalars = ["cpus", "mem", "disk", "gpus"];
    private static readonly HashSet<string> Terminal = ["TASK_FINISHED", "TASK_FAILED", "TASK_KILLED", "TASK_ERROR", "TASK_LOST", "TASK_DROPPED", "TASK_GONE", "TASK_GONE_BY_OPERATOR"];

    /// <summary>What is wrong with the master's state, or null; <paramref name="agentIds"/> gets the agents it lists.</summary>
    public static string? CheckMaster(JsonElement state, string frameworkId, List<string> agentIds)
    {
        agentIds.Clear();
        var tasksByAgent = new Dictionary<string, Dictionary<string, double>>();
        foreach (var framework in state.GetProperty("frameworks").EnumerateArray())
        {
            foreach (var task in framework.GetProperty("tasks").EnumerateArray())
            {
                if (Terminal.Contains(task.GetProperty("state").GetString()!)) continue;
                Add(tasksByAgent, task.GetProperty("slave_id").GetString()!, task.GetProperty("resources"));
            }
            foreach (var executor in framework.GetProperty("executors").EnumerateArray())
            {
                Add(tasksByAgent, executor.GetProperty("slave_id").GetString()!, executor.GetProperty("resources"));
            }
        }

        foreach (var agent in state.GetProperty("slaves").EnumerateArray())
        {
            var id = agent.GetProperty("id").GetString()!;
            agentIds.Add(id);
            var total = agent.GetProperty("resources");
            foreach (var name in Scalars)
            {
                var has = Scalar(total, name);
                var used = Scalar(agent.GetProperty("used_resources"), name);
                var offered = Scalar(agent.GetProperty("offered_resources"), name);
                var tasks = tasksByAgent.GetValueOrDefault(id)?.GetValueOrDefault(name) ?? 0;
                if (!double.IsFinite(has) || has < 0 || !double.IsFinite(used) || used < 0 || !double.IsFinite(offered) || offered < 0)
                {
                    return $"agent {id} shows {name} total {has}, used {used}, offered {offered}";
                }
                if (used + offered > has + Epsilon) return $"agent {id} is overcommitted: {name} used {used} + offered {offered} > total {has}";
                if (tasks > has + Epsilon) return $"agent {id} runs tasks and executors of {name} {tasks} > total {has}";
            }
        }

        var frameworks = state.GetProperty("frameworks").EnumerateArray().Select(f => f.GetProperty("id").GetString()).ToHashSet();
        return frameworks.Contains(frameworkId) ? null : $"the fuzzer's framework {frameworkId} is gone from the master";
    }

    /// <summary>What is wrong between the agent's own state and the master's, or null.</summary>
    public static string? CheckAgent(JsonElement agent, JsonElement master)
    {
        var known = new HashSet<(string, string)>();
        foreach (var list in new[] { "frameworks", "completed_frameworks" })
        {
            foreach (var framework in master.GetProperty(list).EnumerateArray())
            {
                var frameworkId = framework.GetProperty("id").GetString()!;
                foreach (var tasks in new[] { "tasks", "completed_tasks", "unreachable_tasks" })
                {
                    foreach (var task in framework.GetProperty(tasks).EnumerateArray()) known.Add((frameworkId, task.GetProperty("id").GetString()!));
                }
            }
        }

        var total = agent.GetProperty("resources");
        var allocated = new Dictionary<string, double>();
        foreach (var framework in agent.GetProperty("frameworks").EnumerateArray())
        {
            var frameworkId = framework.GetProperty("id").GetString()!;
            foreach (var executor in framework.GetProperty("executors").EnumerateArray())
            {
                foreach (var (name, amount) in Flat(executor.GetProperty("resources"))) allocated[name] = allocated.GetValueOrDefault(name) + amount;
                foreach (var list in new[] { "tasks", "queued_tasks" })
                {
                    foreach (var task in executor.GetProperty(list).EnumerateArray())
                    {
                        var taskId = task.GetProperty("id").GetString()!;
                        if (!known.Contains((frameworkId, taskId))) return $"the agent runs task '{taskId}' of framework {frameworkId}, which the master does not know";
                    }
                }
            }
        }
        foreach (var name in Scalars)
        {
            if (allocated.GetValueOrDefault(name) > Scalar(total, name) + Epsilon)
            {
                return $"the agent's executors and tasks hold {name} {allocated[name]} of its {Scalar(total, name)}";
            }
        }
        return null;
    }

    private static void Add(Dictionary<string, Dictionary<string, double>> byAgent, string agent, JsonElement resources)
    {
        if (!byAgent.TryGetValue(agent, out var sums)) byAgent[agent] = sums = [];
        foreach (var (name, amount) in Flat(resources)) sums[name] = sums.GetValueOrDefault(name) + amount;
    }

    private static IEnumerable<(string Name, double Amount)> Flat(JsonElement resources) =>
        resources.EnumerateObject().Where(p => Scalars.Contains(p.Name)).Select(p => (p.Name, Number(p.Value)));

    private static double Scalar(JsonElement resources, string name) =>
        resources.TryGetProperty(name, out var value) ? Number(value) : 0;

    private static double Number(JsonElement value) => value.ValueKind == JsonValueKind.Number
        ? value.GetDouble()
        : double.Parse(value.GetString()!, CultureInfo.InvariantCulture);
}
