using System.Net;
using System.Net.Sockets;
using Mesos.Actors.Framework;
using Mesos.Actors.Protocol;
using Mesos.V1.Scheduler;

namespace Mesos.Actors.Tests.Framework;

public sealed class SchedulerConnectionTests
{
    [Fact]
    public async Task A_call_in_flight_when_the_connection_closes_is_abandoned_not_reported_as_a_timeout()
    {
        // A master that takes the call and never answers it.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var master = MasterAddress.Parse($"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
        var connection = new SchedulerConnection(BodyFormat.Json, TimeSpan.FromSeconds(5), callTimeout: TimeSpan.FromMinutes(5));
        using var response = new HttpResponseMessage();
        using var stream = new SchedulerStream(master, "stream", epoch: null, BodyFormat.Json, response, Stream.Null);

        var call = connection.Send(stream, new Call { Type = Call.Types.Type.Revive }, CancellationToken.None);
        using var accepted = await listener.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(10));
        connection.Dispose();

        var outcome = await Record.ExceptionAsync(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
        outcome.Should().BeAssignableTo<OperationCanceledException>();
        call.IsCanceled.Should().BeTrue();
    }
}
