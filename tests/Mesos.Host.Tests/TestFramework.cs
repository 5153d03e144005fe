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

    public static async Task<TestFramework> Subscribe(string master, string name = "test-framework")
    {
        var framework = new TestFramework(master);
        await framework.Open(name);
        return framework;
    }

    private async Task Open(string name)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"http://{_master}/api/v1/scheduler")
        {
            Content = Json(new Call { Type = Call.Types.Type.Subscribe, Subscribe = new() { FrameworkInfo = new() { User = "root", Name = name } } }),
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
