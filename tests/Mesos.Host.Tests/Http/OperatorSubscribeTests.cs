using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Mesos.V1;
using Mesos.V1.Master;
using Call = Mesos.V1.Scheduler.Call;
using SchedulerEvent = Mesos.V1.Scheduler.Event;
using Task = System.Threading.Tasks.Task;

namespace Mesos.Host.Tests.Http;

/// <summary>
/// The operator event stream of a real master process: SUBSCRIBE over HTTP, then the cluster's changes
/// as an agent registers and a framework runs a task. Each test has a master of its own, so that what
/// the stream reports is what the test did.
/// </summary>
public sealed class OperatorSubscribeTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "mesos-opsub-" + Guid.NewGuid().ToString("N"));
    private readonly int _port = RunningMesos.FreePort();
    private RunningMesos _master = null!;

    private string Master => $"127.0.0.1:{_port}";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _master = RunningMesos.Start("master", "--ip=127.0.0.1", $"--port={_port}", $"--work_dir={_dir}/master");
        await _master.WaitForOutput("listening on");
    }

    public async Task DisposeAsync()
    {
        await _master.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_JSON_stream_reports_the_state_then_the_agent_the_framework_and_its_task_as_they_come()
    {
        await using var stream = await OperatorStream.Subscribe($"http://{Master}/api/v1");
        stream.Response.StatusCode.Should().Be(HttpStatusCode.OK);
        stream.Response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        stream.Response.Headers.TransferEncodingChunked.Should().BeTrue();
        stream.Response.Headers.Contains("Mesos-Stream-Id").Should().BeFalse("only framework and agent streams carry one");

        var subscribed = await stream.Next(_ => true);
        subscribed.Type.Should().Be(Event.Types.Type.Subscribed);
        subscribed.Subscribed.HeartbeatIntervalSeconds.Should().Be(15);
        subscribed.Subscribed.GetState.GetAgents.Agents.Should().BeEmpty();

        var agentPort = RunningMesos.FreePort();
        await using var agent = RunningMesos.Start("agent", $"--master={Master}", "--ip=127.0.0.1", $"--port={agentPort}",
            $"--work_dir={_dir}/agent", "--resources=cpus:2;mem:512");
        var agentAdded = (await stream.Next(Event.Types.Type.AgentAdded)).AgentAdded.Agent;
        agentAdded.AgentInfo.Port.Should().Be(agentPort);
        agentAdded.Active.Should().BeTrue();

        await using var framework = await TestFramework.Subscribe(Master, "watched");
        var frameworkAdded = (await stream.Next(Event.Types.Type.FrameworkAdded)).FrameworkAdded.Framework;
        frameworkAdded.FrameworkInfo.Name.Should().Be("watched");
        frameworkAdded.FrameworkInfo.Id.Value.Should().Be(framework.FrameworkId);

        var offer = (await framework.Next(e => e.Type == SchedulerEvent.Types.Type.Offers)).Offers.Offers_[0];
        await framework.Send(TestFramework.Launch(offer, "observed", "true", "cpus:0.1;mem:32"));
        await framework.NextUpdate(s => s.State == TaskState.TaskFinished);

        var taskAdded = (await stream.Next(Event.Types.Type.TaskAdded)).TaskAdded.Task;
        taskAdded.TaskId.Value.Should().Be("observed");
        taskAdded.AgentId.Should().Be(agentAdded.AgentInfo.Id);
        var states = new List<TaskState>();
        while (states.LastOrDefault() != TaskState.TaskFinished)
        {
            var updated = (await stream.Next(Event.Types.Type.TaskUpdated)).TaskUpdated;
            updated.FrameworkId.Value.Should().Be(framework.FrameworkId);
            updated.Status.TaskId.Value.Should().Be("observed");
            states.Add(updated.State);
        }
        states.Should().Equal(TaskState.TaskStarting, TaskState.TaskRunning, TaskState.TaskFinished);

        await framework.Send(new Call { Type = Call.Types.Type.Teardown });
        (await stream.Next(Event.Types.Type.FrameworkRemoved)).FrameworkRemoved.FrameworkInfo.Id.Value.Should().Be(framework.FrameworkId);
    }

    [Fact]
    public async Task A_protobuf_stream_on_the_operator_path_carries_the_same_events()
    {
        await using var stream = await OperatorStream.Subscribe($"http://{Master}/api/v1/operator", "application/x-protobuf");
        stream.Response.Content.Headers.ContentType!.MediaType.Should().Be("application/x-protobuf");
        (await stream.Next(_ => true)).Type.Should().Be(Event.Types.Type.Subscribed);

        await using var framework = await TestFramework.Subscribe(Master, "in-protobuf");
        (await stream.Next(Event.Types.Type.FrameworkAdded)).FrameworkAdded.Framework.FrameworkInfo.Name.Should().Be("in-protobuf");
    }

    [Fact]
    public async Task SUBSCRIBE_with_an_Accept_the_master_cannot_answer_is_406()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var request = new HttpRequestMessage(HttpMethod.Post, $"http://{Master}/api/v1")
        {
            Content = new StringContent("""{"type":"SUBSCRIBE"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));

        using var response = await http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.NotAcceptable);
        (await response.Content.ReadAsStringAsync()).Should().Contain("application/json");
    }
}
