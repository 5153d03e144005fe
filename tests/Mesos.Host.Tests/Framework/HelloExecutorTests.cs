extern alias testkit;

using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using Google.Protobuf;
using testkit::Mesos.TestKit.Http;
using Mesos.V1;
using Mesos.V1.Scheduler;
using Resources = Mesos.Actors.Protocol.Resources;
using Task = System.Threading.Tasks.Task;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Host.Tests.Framework;

/// <summary>
/// samples/HelloExecutor, an executor written on ExecutorActor, shipped to a real agent as a tar.gz by URI
/// from an HTTP server on loopback, fetched and unpacked by the agent's fetcher, running many tasks.
/// </summary>
public sealed class HelloExecutorTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task An_executor_on_ExecutorActor_shipped_by_uri_runs_twenty_tasks()
    {
        using var server = new FileServer();
        var url = server.Put("/hello-executor.tar.gz", Package(Path.GetDirectoryName(TestPrograms.Executable("samples/HelloExecutor"))!));
        var executor = new ExecutorInfo
        {
            ExecutorId = new ExecutorID { Value = "hello-executor" },
            Name = "hello executor",
            Command = new CommandInfo
            {
                Shell = false,
                Value = "dotnet",
                Arguments = { "dotnet", "hello-executor/HelloExecutor.dll" },
                Uris = { new CommandInfo.Types.URI { Value = url } },
            },
            Resources = { Resources.Parse("cpus:0.1;mem:64").ToProtos() },
        };
        var ids = Enumerable.Range(1, 20).Select(i => $"hello-{i}").ToArray();

        await TestFramework.With(cluster.Master, "hello-executor", async framework =>
        {
            var offer = (await framework.Next(e => e.Type == Event.Types.Type.Offers)).Offers.Offers_[0];
            var tasks = ids.Select(id => new TaskInfo
            {
                Name = id,
                TaskId = new TaskID { Value = id },
                AgentId = offer.AgentId,
                Executor = executor,
                Resources = { Resources.Parse("cpus:0.1;mem:16").ToProtos() },
                Data = ByteString.CopyFromUtf8(id == "hello-7" ? "exit 4" : $"echo {id} > {id}.out"),
            });
            (await framework.Send(new Call
            {
                Type = Call.Types.Type.Accept,
                Accept = new() { OfferIds = { offer.Id }, Operations = { new Offer.Types.Operation { Type = Offer.Types.Operation.Types.Type.Launch, Launch = new() { TaskInfos = { tasks } } } } },
            })).StatusCode.Should().Be(HttpStatusCode.Accepted);

            var ends = new Dictionary<string, TaskStatus>();
            while (ends.Count < ids.Length)
            {
                var status = await framework.NextUpdate(s => ids.Contains(s.TaskId.Value) && s.State is not (TaskState.TaskRunning or TaskState.TaskStarting), Deadline);
                ends[status.TaskId.Value] = status;
            }

            ends.Where(e => e.Key != "hello-7").Should().AllSatisfy(e => e.Value.State.Should().Be(TaskState.TaskFinished, e.Value.Message));
            ends["hello-7"].State.Should().Be(TaskState.TaskFailed);
            ends["hello-7"].Message.Should().Be("Command exited with status 4");
            ends.Values.Should().AllSatisfy(s => s.ExecutorId.Value.Should().Be("hello-executor"));
            server.Requests("/hello-executor.tar.gz").Should().Be(1, "one executor ran every task");
            var sandbox = Directory.EnumerateDirectories(cluster.AgentWorkDir, "runs", SearchOption.AllDirectories)
                .Single(d => d.Contains($"{Path.DirectorySeparatorChar}hello-executor{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
            File.ReadAllText(Directory.EnumerateFiles(sandbox, "hello-3.out", SearchOption.AllDirectories).Single()).Should().Be("hello-3\n");
        });
    }

    /// <summary>A build output folder as a tar.gz whose entries sit under hello-executor/.</summary>
    private static byte[] Package(string directory)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
            {
                tar.WriteEntry(file, "hello-executor/" + Path.GetRelativePath(directory, file).Replace(Path.DirectorySeparatorChar, '/'));
            }
        }
        return output.ToArray();
    }
}
