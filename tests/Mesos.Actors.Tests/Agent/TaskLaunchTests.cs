using Mesos.Actors.Agent;
using Mesos.V1;

namespace Mesos.Actors.Tests.Agent;

public sealed class TaskLaunchTests
{
    private static TaskLaunch Launch(string endpoint) => new(
        new AgentID { Value = "agent-1" },
        endpoint,
        new FrameworkInfo { Id = new FrameworkID { Value = "fw-1" } },
        new TaskInfo { TaskId = new TaskID { Value = "t1" }, Name = "t1", Command = new CommandInfo { Value = "true" } },
        "container-1",
        "/",
        "/sandbox");

    [Fact]
    public void A_tasks_container_status_names_its_container_and_the_agents_address_as_Mesos_does_for_the_host_network()
    {
        var status = Launch("10.0.0.7:5051").ContainerStatus(null);

        status.ContainerId.Value.Should().Be("container-1");
        var address = status.NetworkInfos.Should().ContainSingle().Which.IpAddresses.Should().ContainSingle().Which;
        address.IpAddress.Should().Be("10.0.0.7");
        address.HasProtocol.Should().BeTrue("Mesos writes the protocol out, IPv4 included");
        address.Protocol.Should().Be(NetworkInfo.Types.Protocol.Ipv4);
    }

    [Fact]
    public void An_agent_on_IPv6_gives_its_tasks_an_IPv6_address()
    {
        var address = Launch("[::1]:5051").ContainerStatus(null).NetworkInfos[0].IpAddresses[0];

        address.IpAddress.Should().Be("::1");
        address.Protocol.Should().Be(NetworkInfo.Types.Protocol.Ipv6);
    }
}
