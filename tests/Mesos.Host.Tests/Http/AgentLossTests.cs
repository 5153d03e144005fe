using Mesos.V1;
using Mesos.V1.Scheduler;
using Resources = Mesos.Actors.Protocol.Resources;
using Task = System.Threading.Tasks.Task;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Host.Tests.Http;

/// <summary>An agent that dies (kill -9) is noticed by its missed pings and its tasks are reported lost.</summary>
[Collection(TimingSensitive.Name)]
public sealed class AgentLossTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "mesos-loss-" + Guid.NewGuid().ToString("N"));
    private readonly int _masterPort = RunningMesos.FreePort();
    private RunningMesos _master = null!;
    private RunningMesos _agent = null!;

    public async Task InitializeAsync()
    {
        _master = RunningMesos.Start("master", "--ip=127.0.0.1", $"--port={_masterPort}", $"--work_dir={_dir}/master",
            "--agent_ping_timeout=1secs", "--max_agent_ping_timeouts=3");
        await _master.WaitForOutput("listening on");
        _agent = RunningMesos.Start("agent", $"--master=127.0.0.1:{_masterPort}", "--ip=127.0.0.1", $"--port={RunningMesos.FreePort()}",
            $"--work_dir={_dir}/agent", "--resources=cpus:2;mem:512");
        await _agent.WaitForOutputs(ClusterFixture.AgentReady);
    }

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        await _master.DisposeAsync();
        // The task outlives its crashed agent, as it would on a real machine; the test cleans it up.
        Sandboxes.KillProcessesIn(_dir);
        Directory.Delete(_dir, recursive: true);
    }

    [Theory]
    [InlineData(false, TaskState.TaskLost)]
    [InlineData(true, TaskState.TaskUnreachable)]
    public async Task Tasks_of_a_crashed_agent_become_lost_or_unreachable(bool partitionAware, TaskState expected)
    {
        await using var framework = await TestFramework.Subscribe($"127.0.0.1:{_masterPort}", partitionAware: partitionAware);
        var offer = (await framework.Next(e => e.Type == Event.Types.Type.Offers)).Offers.Offers_[0];
        var task = new TaskInfo
        {
            Name = "victim", TaskId = new() { Value = "victim" }, AgentId = offer.AgentId,
            Command = new() { Value = "sleep 300" }, Resources = { Resources.Parse("cpus:0.1;mem:32").ToProtos() },
        };
        await framework.Send(new Call
        {
            Type = Call.Types.Type.Accept,
            Accept = new() { OfferIds = { offer.Id }, Operations = { new Offer.Types.Operation { Type = Offer.Types.Operation.Types.Type.Launch, Launch = new() { TaskInfos = { task } } } } },
        });
        await framework.NextUpdate(s => s.State == TaskState.TaskRunning);

        await _agent.Crash();

        var status = await framework.NextUpdate(s => s.State != TaskState.TaskRunning, TimeSpan.FromSeconds(20));
        status.State.Should().Be(expected);
        status.TaskId.Value.Should().Be("victim");
        status.Reason.Should().Be(TaskStatus.Types.Reason.AgentRemoved);
    }
}
