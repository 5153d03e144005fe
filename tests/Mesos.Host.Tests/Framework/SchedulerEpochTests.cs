using Akka.Actor;
using Mesos.Actors.Framework;
using Mesos.Actors.Protocol;
using Mesos.Actors.Settings;
using Mesos.V1;
using Xunit.Abstractions;
using static Mesos.Actors.Framework.SchedulerEvent;
using Task = System.Threading.Tasks.Task;

namespace Mesos.Host.Tests.Framework;

/// <summary>
/// A framework given two masters hears a registry epoch from each SUBSCRIBE's answer (Mesos-Master-Epoch), and
/// refuses the stream of a master older than one it heard: real `mesos master` processes, each restart of a master
/// on its work dir recording the next epoch in its registry.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class SchedulerEpochTests(ITestOutputHelper output)
    : Akka.TestKit.Xunit2.TestKit(ReferenceConfig.Get(), "scheduler-epoch-tests", output), IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "mesos-epoch-" + Guid.NewGuid().ToString("N"));
    private readonly int[] _ports = [RunningMesos.FreePort(), RunningMesos.FreePort()];
    private readonly RunningMesos?[] _masters = new RunningMesos?[2];

    public Task InitializeAsync() => Task.CompletedTask;

    private async Task StartMaster(int index)
    {
        var master = RunningMesos.Start("master", "--ip=127.0.0.1", $"--port={_ports[index]}", $"--work_dir={_dir}/master-{index}");
        _masters[index] = master;
        // Its epoch is recorded once it recovered the registry, which may be after it listens.
        await master.WaitForOutputs("listening on", "recovered the registry (epoch");
    }

    private async Task StopMaster(int index)
    {
        (await _masters[index]!.Terminate(Deadline)).Should().Be(0);
        await _masters[index]!.DisposeAsync();
        _masters[index] = null;
    }

    [Fact]
    public async Task A_framework_that_heard_a_later_epoch_refuses_the_stream_of_an_older_master_and_takes_the_next_leader()
    {
        // The first master's registry is at its second epoch, the second's at its first.
        await StartMaster(0);
        await StopMaster(0);
        await StartMaster(0);
        using (var http = new HttpClient())
        {
            using var subscribe = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{_ports[0]}/api/v1/scheduler")
            {
                Content = new StringContent("""{"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"root","name":"epoch-probe"}}}""", System.Text.Encoding.UTF8, "application/json"),
            };
            using var answer = await http.SendAsync(subscribe, HttpCompletionOption.ResponseHeadersRead);
            answer.Headers.GetValues(MasterEpochHeader.Name).Should().Equal(["2"], "the master's answer carries its registry epoch");
        }
        var events = CreateTestProbe();
        var settings = new SchedulerSettings($"127.0.0.1:{_ports[0]},127.0.0.1:{_ports[1]}", new FrameworkInfo { User = "root", Name = "epochs", FailoverTimeout = 3600 });
        Sys.ActorOf(Props.Create(() => new RecordingScheduler(settings, events.Ref)));
        events.ExpectMsg<Subscribed>(Deadline).MasterInfo!.Port.Should().Be((uint)_ports[0]);

        await StartMaster(1);
        await StopMaster(0);

        events.FishForMessage(m => m switch
        {
            Subscribed s => throw new InvalidOperationException($"Subscribed with the master on {s.MasterInfo?.Port} before refusing the older one"),
            Disconnected d => d.Reason.Contains("its epoch 1 is older than 2", StringComparison.Ordinal),
            _ => false,
        }, Deadline);
        await StartMaster(0);
        events.FishForMessage(m => m switch
        {
            Subscribed s => s.MasterInfo!.Port == _ports[0] ? true : throw new InvalidOperationException($"Subscribed with the master on {s.MasterInfo?.Port}, whose epoch is older"),
            _ => false,
        }, Deadline);
    }

    public async Task DisposeAsync()
    {
        foreach (var master in _masters.OfType<RunningMesos>()) await master.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
