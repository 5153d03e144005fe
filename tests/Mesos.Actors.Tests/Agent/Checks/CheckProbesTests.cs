using System.Net;
using System.Net.Sockets;
using Mesos.Actors.Containerizer.Checks;
using Mesos.Actors.Tests.Containerizer;
using Mesos.TestKit.Http;
using Mesos.V1;
using Task = System.Threading.Tasks.Task;

namespace Mesos.Actors.Tests.Agent.Checks;

/// <summary>Each kind of check run once against real endpoints and processes on this machine.</summary>
public sealed class CheckProbesTests : IDisposable
{
    private readonly FileServer _server = new();
    private readonly TemporaryDirectory _sandbox = new();

    public void Dispose()
    {
        _server.Dispose();
        _sandbox.Dispose();
    }

    private CheckTarget Target => new("127.0.0.1", _sandbox.Path, new Dictionary<string, string> { ["GREETING"] = "hello" });

    [Fact]
    public async Task An_http_health_check_passes_on_2xx_and_fails_on_404_with_the_status_code()
    {
        _server.Put("/health", "ok"u8.ToArray());

        var healthy = await CheckProbes.Of(new HealthCheck { Http = new HealthCheck.Types.HTTPCheckInfo { Port = (uint)_server.Port, Path = "/health" } }, Target)(CancellationToken.None);
        var missing = await CheckProbes.Of(new HealthCheck { Http = new HealthCheck.Types.HTTPCheckInfo { Port = (uint)_server.Port, Path = "/gone" } }, Target)(CancellationToken.None);

        healthy.Passed.Should().BeTrue();
        healthy.Status.Http.StatusCode.Should().Be(200);
        missing.Passed.Should().BeFalse();
        missing.Status.Http.StatusCode.Should().Be(404);
    }

    [Fact]
    public async Task A_tcp_check_succeeds_only_where_something_listens()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var open = (uint)((IPEndPoint)listener.LocalEndpoint).Port;
        uint closed;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            closed = (uint)((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var listening = await CheckProbes.Of(new CheckInfo { Type = CheckInfo.Types.Type.Tcp, Tcp = new CheckInfo.Types.Tcp { Port = open } }, Target)(CancellationToken.None);
        var refused = await CheckProbes.Of(new CheckInfo { Type = CheckInfo.Types.Type.Tcp, Tcp = new CheckInfo.Types.Tcp { Port = closed } }, Target)(CancellationToken.None);

        listening.Status.Tcp.Succeeded.Should().BeTrue();
        refused.Status.Tcp.Succeeded.Should().BeFalse();
    }

    [Fact]
    public async Task A_command_check_runs_in_the_sandbox_with_the_tasks_environment_and_reports_its_exit_code()
    {
        File.WriteAllText(Path.Combine(_sandbox.Path, "marker"), "");
        var check = new CheckInfo
        {
            Type = CheckInfo.Types.Type.Command,
            Command = new CheckInfo.Types.Command { Command_ = new CommandInfo { Value = "test -f marker && test \"$GREETING\" = hello && exit 7" } },
        };

        var outcome = await CheckProbes.Of(check, Target)(CancellationToken.None);

        outcome.Status.Command.ExitCode.Should().Be(7);
        outcome.Passed.Should().BeFalse();
    }

    [Fact]
    public async Task A_command_that_outlives_its_timeout_fails_and_is_killed()
    {
        var check = new HealthCheck { Command = new CommandInfo { Value = "sleep 30" }, TimeoutSeconds = 0.2 };

        var outcome = await CheckProbes.Of(check, Target)(CancellationToken.None);

        outcome.Passed.Should().BeFalse();
        outcome.Detail.Should().Contain("timed out");
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(-1)]
    [InlineData(1e12)]
    public void A_timeout_that_is_no_duration_is_refused(double seconds)
    {
        var make = () => CheckProbes.Of(new HealthCheck { Tcp = new HealthCheck.Types.TCPCheckInfo { Port = 1 }, TimeoutSeconds = seconds }, Target);

        make.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void A_check_without_the_field_of_its_type_is_refused()
    {
        var make = () => CheckProbes.Of(new CheckInfo { Type = CheckInfo.Types.Type.Http }, Target);

        make.Should().Throw<ArgumentException>().WithMessage("*http*");
    }
}
