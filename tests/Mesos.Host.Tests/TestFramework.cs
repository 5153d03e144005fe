using System.Net.Http.Headers;
using System.Text;
using System.Threading.Channels;
using Mesos.Actors.Protocol.Json;
using Mesos.Actors.Protocol.RecordIO;
using Mesos.V1.Scheduler;

namespace Mesos.Host.Tests;

/// <summary>
/// The least a framework needs, written against the wire as a foreign client would: subscribe, read
/// events, post calls with the stream id. Tests use it to drive a real master.
/// </summary>
internal sealed class TestFramework : IAsyncDisposable
{
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly Channel<Event> _events = Channel.CreateUnbounded<Event>();
    private readonly CancellationTokenSource _stop = new();
    private readonly string _master;
    private HttpResponseMessage? _stream;
    private string? _streamId;
    private Task? _reading;

    private TestFramework(string master) => _master = master;

    public string FrameworkId { get; private set; } = "";

    public static async Task<TestFramework> Subscribe(string master, string name = "test-framework", bool partitionAware = false)
    {
        var framework = new TestFramework(master);
        await framework.Open(name, partitionAware);
        return framework;
    }

    /// <summary>Runs <paramref name="test"/> with a framework of its own, torn down after, whatever the test left running.</summary>
    public static async Task With(string master, string name, Func<TestFramework, Task> test)
    {
        var framework = await Subscribe(master, name);
        try
        {
            await test(framework);
        }
        finally
        {
            await framework.TearDown();
        }
    }

    private async Task Open(string name, bool partitionAware)
    {
        var info = new Mesos.V1.FrameworkInfo { User = "root", Name = name };
        if (partitionAware)
        {
            info.Capabilities.Add(new Mesos.V1.FrameworkInfo.Types.Capability { Type = Mesos.V1.FrameworkInfo.Types.Capability.Types.Type.PartitionAware });
        }
        var request = new HttpRequestMessage(HttpMethod.Post, $"http://{_master}/api/v1/scheduler")
        {
            Content = Json(new Call { Type = Call.Types.Type.Subscribe, Subscribe = new() { FrameworkInfo = info } }),
        };
        _stream = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        _stream.EnsureSuccessStatusCode();
        _streamId = _stream.Headers.GetValues("Mesos-Stream-Id").Single();
        var reader = new RecordIOReader(await _stream.Content.ReadAsStreamAsync(), 1 << 24);
        _reading = Task.Run(async () =>
        {
            await foreach (var record in reader.ReadAllAsync(_stop.Token)) _events.Writer.TryWrite(MesosJson.Parse<Event>(record));
        });
        FrameworkId = (await Next(e => e.Type == Event.Types.Type.Subscribed)).Subscribed.FrameworkId.Value;
    }

    /// <summary>The next event that satisfies <paramref name="match"/>, skipping others; fails after the deadline.</summary>
    public async Task<Event> Next(Func<Event, bool> match, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var e = await _events.Reader.ReadAsync(deadline.Token);
            if (match(e)) return e;
        }
    }

    /// <summary>
    /// The next status update that satisfies <paramref name="match"/>; every update on the way is
    /// acknowledged, as the agent sends the next update of a task only after the previous one is.
    /// </summary>
    public async Task<Mesos.V1.TaskStatus> NextUpdate(Func<Mesos.V1.TaskStatus, bool> match, TimeSpan? timeout = null)
    {
        while (true)
        {
            var status = await Acknowledge((await Next(e => e.Type == Event.Types.Type.Update, timeout)).Update.Status);
            if (match(status)) return status;
        }
    }

    /// <summary>Acknowledges a status update that needs it; returns the update.</summary>
    public async Task<Mesos.V1.TaskStatus> Acknowledge(Mesos.V1.TaskStatus status)
    {
        if (status.HasUuid)
        {
            using var ack = await Send(new Call { Type = Call.Types.Type.Acknowledge, Acknowledge = new() { AgentId = status.AgentId, TaskId = status.TaskId, Uuid = status.Uuid } });
            ack.EnsureSuccessStatusCode();
        }
        return status;
    }

    /// <summary>Tears the framework down, so that whatever it left running goes and the next test gets the agents' offers; then disconnects.</summary>
    public async Task TearDown()
    {
        using (await Send(new Call { Type = Call.Types.Type.Teardown })) { }
        await DisposeAsync();
    }

    public async Task<HttpResponseMessage> Send(Call call)
    {
        call.FrameworkId = new() { Value = FrameworkId };
        var request = new HttpRequestMessage(HttpMethod.Post, $"http://{_master}/api/v1/scheduler") { Content = Json(call) };
        request.Headers.Add("Mesos-Stream-Id", _streamId);
        return await _http.SendAsync(request);
    }

    private static StringContent Json(Call call)
    {
        var content = new StringContent(MesosJson.Serialize(call), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _stream?.Dispose();
        if (_reading is not null) await _reading.ContinueWith(_ => { }, TaskScheduler.Default);
        _http.Dispose();
        _stop.Dispose();
    }
}
