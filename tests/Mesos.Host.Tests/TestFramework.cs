using System.Net.Http.Headers;
using System.Text;
using Mesos.Actors.Protocol.Json;
using Mesos.V1;
using Mesos.V1.Scheduler;
using Resources = Mesos.Actors.Protocol.Resources;
using Task = System.Threading.Tasks.Task;

namespace Mesos.Host.Tests;

/// <summary>
/// The least a framework needs, written against the wire as a foreign client would: subscribe, read
/// events, post calls with the stream id. Tests use it to drive a real master.
/// </summary>
internal sealed class TestFramework : IAsyncDisposable
{
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly string _master;
    private HttpResponseMessage? _stream;
    private string? _streamId;
    private EventInbox<Event>? _events;

    private TestFramework(string master) => _master = master;

    public string FrameworkId { get; private set; } = "";

    /// <param name="frameworkId">The id of a framework subscribing again (failing over), or null for a new one.</param>
    public static async Task<TestFramework> Subscribe(string master, string name = "test-framework", bool partitionAware = false, bool checkpoint = false,
        string? frameworkId = null, double failoverTimeout = 0, string? role = null)
    {
        var framework = new TestFramework(master);
        await framework.Open(name, partitionAware, checkpoint, frameworkId, failoverTimeout, role);
        return framework;
    }

    /// <summary>Runs <paramref name="test"/> with a framework of its own, torn down after, whatever the test left running.</summary>
    public static async Task With(string master, string name, Func<TestFramework, Task> test, bool checkpoint = false)
    {
        var framework = await Subscribe(master, name, checkpoint: checkpoint);
        try
        {
            await test(framework);
        }
        finally
        {
            await framework.TearDown();
        }
    }

    private async Task Open(string name, bool partitionAware, bool checkpoint, string? frameworkId, double failoverTimeout, string? role)
    {
        var info = new Mesos.V1.FrameworkInfo { User = "root", Name = name, Checkpoint = checkpoint, FailoverTimeout = failoverTimeout };
        if (frameworkId is not null) info.Id = new FrameworkID { Value = frameworkId };
        if (role is not null) info.Role = role;
        if (partitionAware)
        {
            info.Capabilities.Add(new Mesos.V1.FrameworkInfo.Types.Capability { Type = Mesos.V1.FrameworkInfo.Types.Capability.Types.Type.PartitionAware });
        }
        var request = new HttpRequestMessage(HttpMethod.Post, $"http://{_master}/api/v1/scheduler")
        {
            Content = Json(new Call { Type = Call.Types.Type.Subscribe, FrameworkId = info.Id, Subscribe = new() { FrameworkInfo = info } }),
        };
        _stream = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        _stream.EnsureSuccessStatusCode();
        _streamId = _stream.Headers.GetValues("Mesos-Stream-Id").Single();
        _events = new EventInbox<Event>(await _stream.Content.ReadAsStreamAsync(), record => MesosJson.Parse<Event>(record));
        FrameworkId = (await Next(e => e.Type == Event.Types.Type.Subscribed)).Subscribed.FrameworkId.Value;
    }

    /// <summary>The next event that satisfies <paramref name="match"/>, skipping others; fails after the deadline.</summary>
    public Task<Event> Next(Func<Event, bool> match, TimeSpan? timeout = null) =>
        (_events ?? throw new InvalidOperationException("Not subscribed")).Next(match, timeout);

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

    /// <summary>
    /// An offer this framework holds: one the master lists as outstanding (GET_FRAMEWORKS), since waiting for
    /// updates skips the OFFERS events on the way, else the next to arrive.
    /// </summary>
    public async Task<Offer> AnyOffer(TimeSpan? timeout = null)
    {
        var call = new StringContent("""{"type":"GET_FRAMEWORKS"}""", Encoding.UTF8);
        call.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _http.PostAsync($"http://{_master}/api/v1", call);
        response.EnsureSuccessStatusCode();
        var frameworks = MesosJson.Parse<Mesos.V1.Master.Response>(await response.Content.ReadAsStringAsync()).GetFrameworks;
        return frameworks.Frameworks.FirstOrDefault(f => f.FrameworkInfo.Id.Value == FrameworkId)?.Offers.FirstOrDefault()
               ?? (await Next(e => e.Type == Event.Types.Type.Offers, timeout)).Offers.Offers_[0];
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

    /// <summary>ACCEPT of <paramref name="offer"/> that launches one command task.</summary>
    public static Call Launch(Offer offer, string taskId, string command, string resources = "cpus:0.5;mem:64") => new()
    {
        Type = Call.Types.Type.Accept,
        Accept = new()
        {
            OfferIds = { offer.Id },
            Operations =
            {
                new Offer.Types.Operation
                {
                    Type = Offer.Types.Operation.Types.Type.Launch,
                    Launch = new()
                    {
                        TaskInfos =
                        {
                            new TaskInfo
                            {
                                Name = taskId, TaskId = new() { Value = taskId }, AgentId = offer.AgentId,
                                Command = new() { Value = command }, Resources = { Resources.Parse(resources).ToProtos() },
                            },
                        },
                    },
                },
            },
        },
    };

    private static StringContent Json(Call call)
    {
        var content = new StringContent(MesosJson.Serialize(call), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    public async ValueTask DisposeAsync()
    {
        if (_events is not null) await _events.DisposeAsync();
        _stream?.Dispose();
        _http.Dispose();
    }
}
