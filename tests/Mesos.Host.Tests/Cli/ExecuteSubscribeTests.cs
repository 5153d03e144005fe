using System.Net;
using Mesos.V1;
using Mesos.V1.Scheduler;
using CapabilityType = Mesos.V1.FrameworkInfo.Types.Capability.Types.Type;
using Task = System.Threading.Tasks.Task;

namespace Mesos.Host.Tests.Cli;

/// <summary>
/// `mesos execute` subscribes as Mesos' own mesos-execute does, so that a master (ours or Mesos') sees the same
/// framework from either: what it sends is caught by a listener standing in for the master.
/// </summary>
public sealed class ExecuteSubscribeTests
{
    [Fact]
    public async Task Its_SUBSCRIBE_is_the_one_mesos_execute_sends()
    {
        var port = RunningMesos.FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        await using var execute = RunningMesos.Start("execute", $"--master=127.0.0.1:{port}", "--name=whizbang", "--command=/bin/sleep 1");

        var context = await listener.GetContextAsync().WaitAsync(TimeSpan.FromSeconds(30));
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        context.Response.StatusCode = (int)HttpStatusCode.ServiceUnavailable;
        context.Response.Close();

        // Mesos masters serve the scheduler API at this path and under /master (where mesos-execute posts).
        context.Request.HttpMethod.Should().Be("POST");
        context.Request.Url!.AbsolutePath.Should().Be("/api/v1/scheduler");
        context.Request.ContentType.Should().Be("application/x-protobuf");
        context.Request.AcceptTypes.Should().Equal("application/x-protobuf");
        // mesos-execute 1.11: one role (not MULTI_ROLE), checkpointing as --checkpoint says (off), these capabilities in
        // this order, and no failover timeout (the master shows its default, 0).
        var expected = new Call
        {
            Type = Call.Types.Type.Subscribe,
            Subscribe = new Call.Types.Subscribe
            {
                FrameworkInfo = new FrameworkInfo
                {
                    User = System.Environment.UserName,
                    Name = "mesos-execute instance",
                    Role = "*",
                    Checkpoint = false,
                    Capabilities =
                    {
                        new[] { CapabilityType.ReservationRefinement, CapabilityType.TaskKillingState, CapabilityType.RevocableResources, CapabilityType.PartitionAware }
                            .Select(type => new FrameworkInfo.Types.Capability { Type = type }),
                    },
                },
            },
        };
        Call.Parser.ParseFrom(body.ToArray()).Should().Be(expected);
    }
}
