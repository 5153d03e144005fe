using Mesos.Actors.Agent;

namespace Mesos.Host.Agent.Files;

/// <summary>
/// What the agent's /files endpoints can reach, as Mesos names it: each executor run's sandbox under
/// its real directory (the <c>directory</c> of /state, which UIs browse) and the latest run of each
/// executor under <c>/frameworks/FID/executors/EID/runs/latest</c>; the agent's log as <c>/slave/log</c>
/// when it writes one. Nothing else on the machine has a virtual path.
/// </summary>
internal sealed class VirtualPaths
{
    public const string LogPath = "/slave/log";

    private readonly Dictionary<string, string> _table = new(StringComparer.Ordinal);

    /// <param name="entries">Virtual path to real path; a later entry for the same virtual path wins.</param>
    public VirtualPaths(IEnumerable<KeyValuePair<string, string>> entries)
    {
        foreach (var (virtualPath, realPath) in entries)
        {
            _table[Normalize(virtualPath)] = realPath;
        }
    }

    /// <summary>Virtual path to real path, as /files/debug shows it.</summary>
    public IReadOnlyDictionary<string, string> Table => _table;

    public static VirtualPaths Of(AgentSnapshot agent, string? logFile)
    {
        var entries = new List<KeyValuePair<string, string>>();
        // Completed runs first: a running executor's run is the latest of its id.
        var runs = agent.CompletedFrameworks.Concat(agent.Frameworks)
            .SelectMany(f => f.CompletedExecutors.Concat(f.Executors).Select(e => (Framework: f.Info.Id.Value, Executor: e)));
        foreach (var (framework, executor) in runs)
        {
            entries.Add(new(executor.Directory, executor.Directory));
            entries.Add(new($"/frameworks/{framework}/executors/{executor.Info.ExecutorId.Value}/runs/latest", executor.Directory));
        }
        if (!string.IsNullOrEmpty(logFile)) entries.Add(new(LogPath, logFile));
        return new VirtualPaths(entries);
    }

    /// <summary>The longest virtual path that is a whole-component prefix of <paramref name="components"/>, and what follows it.</summary>
    public (string RealPath, string[] Remaining)? Find(IReadOnlyList<string> components)
    {
        for (var length = components.Count; length > 0; length--)
        {
            if (_table.TryGetValue("/" + string.Join('/', components.Take(length)), out var realPath))
            {
                return (realPath, [.. components.Skip(length)]);
            }
        }
        return null;
    }

    /// <summary>The path's names, without empty ones and <c>.</c>.</summary>
    public static string[] Components(string path) =>
        [.. path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(c => c != ".")];

    private static string Normalize(string path) => "/" + string.Join('/', Components(path));
}
