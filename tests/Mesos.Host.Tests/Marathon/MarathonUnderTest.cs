using System.Net;
using System.Text;
using System.Text.Json;

namespace Mesos.Host.Tests.Marathon;

/// <summary>
/// A `mesos marathon` process against a cluster's master, and its REST API as the tests use it: requests, and waits
/// for an answer that meets a condition. Disposing removes its apps (so the next test's offers are whole) and stops it.
/// </summary>
internal sealed class MarathonUnderTest : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly ClusterFixture _cluster;
    private readonly string _workDir;

    private MarathonUnderTest(ClusterFixture cluster, int port, string workDir, RunningMesos process)
    {
        _cluster = cluster;
        Port = port;
        _workDir = workDir;
        Process = process;
    }

    public HttpClient Http { get; } = new();

    public int Port { get; }

    public RunningMesos Process { get; private set; }

    public static async Task<MarathonUnderTest> Start(ClusterFixture cluster)
    {
        var port = RunningMesos.FreePort();
        var workDir = Path.Combine(cluster.WorkDir, "marathon-" + Guid.NewGuid().ToString("N"));
        return new MarathonUnderTest(cluster, port, workDir, await StartProcess(cluster, port, workDir));
    }

    private static async Task<RunningMesos> StartProcess(ClusterFixture cluster, int port, string workDir)
    {
        var marathon = RunningMesos.Start("marathon", $"--master={cluster.Master}", "--ip=127.0.0.1", $"--http_port={port}", $"--work_dir={workDir}");
        await marathon.WaitForOutput("Marathon listening on");
        return marathon;
    }

    /// <summary>Kills the process (kill -9) and starts it again on the same store and port.</summary>
    public async Task CrashAndRestart()
    {
        await Process.Crash();
        Process = await StartProcess(_cluster, Port, _workDir);
    }

    public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

    public async Task<(HttpStatusCode Status, JsonElement Body)> Send(HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, Url(path));
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public async Task<JsonElement> Get(string path) => JsonDocument.Parse(await Http.GetStringAsync(Url(path))).RootElement.Clone();

    /// <summary>The master's tasks of the framework, as /master/tasks lists them.</summary>
    public async Task<JsonElement> MasterTasks() =>
        JsonDocument.Parse(await Http.GetStringAsync(_cluster.MasterUrl("/master/tasks"))).RootElement.Clone();

    /// <summary>Polls <paramref name="path"/> until its answer meets <paramref name="condition"/>, and returns that answer.</summary>
    public async Task<JsonElement> WaitFor(string path, Func<JsonElement, bool> condition, string? what = null, TimeSpan? patience = null)
    {
        using var deadline = new CancellationTokenSource(patience ?? Patience);
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        while (true)
        {
            var body = await Get(path);
            if (condition(body)) return body;
            try
            {
                await poll.WaitForNextTickAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{what ?? path} is still {body}; Marathon printed:\n{string.Join('\n', Process.Lines())}");
            }
        }
    }

    /// <summary>Subscribes to /v2/events for the events of these types.</summary>
    public async Task<EventReader> Events(params string[] types)
    {
        var query = string.Join('&', types.Select(t => "event_type=" + t));
        return new EventReader(new StreamReader(await Http.GetStreamAsync(Url("/v2/events?" + query))));
    }

    /// <summary>The events of one /v2/events subscription, in order.</summary>
    public sealed class EventReader(StreamReader reader) : IDisposable
    {
        /// <summary>Reads events until one's data meets <paramref name="match"/>, and returns that data.</summary>
        public async Task<JsonElement> Next(Func<JsonElement, bool> match)
        {
            using var deadline = new CancellationTokenSource(Patience);
            while (await reader.ReadLineAsync(deadline.Token) is { } line)
            {
                if (!line.StartsWith("data: ", StringComparison.Ordinal)) continue;
                var data = JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone();
                if (data.GetProperty("eventType").GetString() != "event_stream_attached" && match(data)) return data;
            }
            throw new EndOfStreamException("The event stream ended");
        }

        public void Dispose() => reader.Dispose();
    }

    public static IEnumerable<string> TaskIds(JsonElement app) => app.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("id").GetString()!);

    /// <summary>The app has <paramref name="count"/> tasks, all running, and no deployment.</summary>
    public static bool AllRunning(JsonElement app, int count) =>
        app.GetProperty("tasksRunning").GetInt32() == count && app.GetProperty("tasks").GetArrayLength() == count && app.GetProperty("deployments").GetArrayLength() == 0;

    /// <summary>As <see cref="AllRunning"/>, and every task healthy.</summary>
    public static bool AllHealthy(JsonElement app, int count) => AllRunning(app, count) && app.GetProperty("tasksHealthy").GetInt32() == count;

    public async ValueTask DisposeAsync()
    {
        try
        {
            var apps = await Get("/v2/apps");
            foreach (var app in apps.GetProperty("apps").EnumerateArray()) await Http.DeleteAsync(Url($"/v2/apps{app.GetProperty("id").GetString()}?force=true"));
            await WaitFor("/v2/tasks", tasks => tasks.GetProperty("tasks").GetArrayLength() == 0);
        }
        finally
        {
            await Process.DisposeAsync();
            Http.Dispose();
        }
    }
}
