using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using Mesos.Actors.Protocol.Json;
using Mesos.Actors.Protocol.RecordIO;
using Mesos.V1;
using Mesos.V1.Scheduler;
using Task = System.Threading.Tasks.Task;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Host.Tests.Fuzz;

/// <summary>
/// The fuzzer's own framework: subscribed for the whole run (with a failover timeout, and subscribing
/// again whenever an input takes its stream away), holding the offers the master makes it and
/// acknowledging every update, so that inputs can name live offers, tasks and a valid stream.
/// </summary>
internal sealed class LiveFramework : IAsyncDisposable
{
    private const int OffersKept = 16;

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly string _master;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<Offer> _offers = new();
    private readonly ConcurrentQueue<string> _tasks = new();
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _running = Task.CompletedTask;
    private volatile string? _streamId;

    private LiveFramework(string master) => _master = master;

    public string FrameworkId { get; private set; } = "";

    /// <summary>How many times it subscribed; more than once means inputs took its stream away.</summary>
    public int Subscriptions { get; private set; }

    public static async Task<LiveFramework> Start(string master)
    {
        var framework = new LiveFramework(master);
        framework._running = Task.Run(framework.Run);
        await framework._subscribed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return framework;
    }

    public LiveIds Ids(IReadOnlyList<string> agentIds) =>
        new(FrameworkId, _streamId, agentIds, [.. _offers], [.. _tasks], [.. _tasks]);

    private async Task Run()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Subscribe();
            }
            catch (Exception) when (!_stop.IsCancellationRequested)
            {
                // The stream ended or could not open: subscribe again, as a framework does after a failover.
            }
        }
    }

    private async Task Subscribe()
    {
        var info = new FrameworkInfo { User = "root", Name = "fuzzer", FailoverTimeout = 3600, Roles = { "*" } };
        info.Capabilities.Add(new FrameworkInfo.Types.Capability { Type = FrameworkInfo.Types.Capability.Types.Type.MultiRole });
        if (FrameworkId.Length > 0) info.Id = new FrameworkID { Value = FrameworkId };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://{_master}/api/v1/scheduler")
        {
            Content = Json(new Call { Type = Call.Types.Type.Subscribe, Subscribe = new() { FrameworkInfo = info } }),
        };
        using var stream = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var response = await stream.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, _stop.Token);
        response.EnsureSuccessStatusCode();
        _streamId = response.Headers.GetValues("Mesos-Stream-Id").Single();
        var reader = new RecordIOReader(await response.Content.ReadAsStreamAsync(_stop.Token), 1 << 24);
        await foreach (var record in reader.ReadAllAsync(_stop.Token))
        {
            await Handle(MesosJson.Parse<Event>(record));
        }
    }

    private async Task Handle(Event e)
    {
        switch (e.Type)
        {
            case Event.Types.Type.Subscribed:
                FrameworkId = e.Subscribed.FrameworkId.Value;
                Subscriptions++;
                _subscribed.TrySetResult();
                break;
            case Event.Types.Type.Offers:
                foreach (var offer in e.Offers.Offers_) _offers.Enqueue(offer);
                while (_offers.Count > OffersKept) _offers.TryDequeue(out _);
                break;
            case Event.Types.Type.Update when e.Update.Status is { } status:
                _tasks.Enqueue(status.TaskId.Value);
                while (_tasks.Count > 32) _tasks.TryDequeue(out _);
                if (status.HasUuid) await Acknowledge(status);
                break;
        }
    }

    private async Task Acknowledge(TaskStatus status)
    {
        var call = new Call
        {
            Type = Call.Types.Type.Acknowledge,
            FrameworkId = new FrameworkID { Value = FrameworkId },
            Acknowledge = new() { AgentId = status.AgentId, TaskId = status.TaskId, Uuid = status.Uuid },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://{_master}/api/v1/scheduler") { Content = Json(call) };
        request.Headers.Add("Mesos-Stream-Id", _streamId);
        try
        {
            using var _ = await _http.SendAsync(request, _stop.Token);
        }
        catch (HttpRequestException)
        {
            // Acknowledged again when the agent resends the update.
        }
    }

    private static StringContent Json(Call call)
    {
        var content = new StringContent(MesosJson.Serialize(call), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>Tears the framework down, so that its tasks go, and stops.</summary>
    public async ValueTask DisposeAsync()
    {
        var teardown = new Call { Type = Call.Types.Type.Teardown, FrameworkId = new FrameworkID { Value = FrameworkId } };
        using (var request = new HttpRequestMessage(HttpMethod.Post, $"http://{_master}/api/v1/scheduler") { Content = Json(teardown) })
        {
            request.Headers.Add("Mesos-Stream-Id", _streamId);
            try
            {
                using var _ = await _http.SendAsync(request);
            }
            catch (HttpRequestException)
            {
                // The master is gone; so are its tasks' records.
            }
        }
        await _stop.CancelAsync();
        await _running.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
        _http.Dispose();
    }
}
