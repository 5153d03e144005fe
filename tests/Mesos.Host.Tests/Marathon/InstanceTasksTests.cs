using System.Text;
using Mesos.Actors.Protocol;
using Mesos.Host.Marathon.Apps;
using Mesos.Host.Marathon.Launching;
using Mesos.Host.Marathon.State;
using Mesos.V1;
using static Mesos.Host.Tests.Marathon.MarathonTestData;

namespace Mesos.Host.Tests.Marathon;

/// <summary>The Mesos task an instance runs as: Marathon's port variables, Docker's port mappings, the health check's port.</summary>
public sealed class InstanceTasksTests
{
    private static AppEntry Entry(string json)
    {
        var app = AppJson.Read(AppJson.Parse(Encoding.UTF8.GetBytes(json)));
        var assigned = ServicePorts.Assign(app, new HashSet<int>())!;
        return new AppEntry(assigned, T0, T0, T0);
    }

    private static TaskInfo Build(AppEntry app, params int[] ports) =>
        InstanceTasks.Build(app, "web.1", Offer("h1", "cpus:4;mem:1024;ports:[31000-31010]"), [.. ports], Resources.Parse("cpus:1"));

    private static Dictionary<string, string> Variables(TaskInfo task) => task.Command.Environment.Variables.ToDictionary(v => v.Name, v => v.Value);

    [Fact]
    public void A_bridged_container_maps_its_ports_and_names_them_in_the_environment_as_Marathon_does()
    {
        var app = Entry("""
            {"id":"/web","cmd":"serve","container":{"type":"DOCKER","docker":{"image":"busybox","network":"BRIDGE"},
             "portMappings":[{"containerPort":8080,"name":"http-api"},{"containerPort":0,"hostPort":31005}]},
             "healthChecks":[{"protocol":"MESOS_HTTP","portIndex":0}]}
            """);

        var task = Build(app, 31002, 31005);
        var variables = Variables(task);

        task.Container.Docker.Network.Should().Be(ContainerInfo.Types.DockerInfo.Types.Network.Bridge);
        task.Container.Docker.PortMappings.Select(m => (m.HostPort, m.ContainerPort)).Should().Equal((31002u, 8080u), (31005u, 31005u));
        variables.Should().Contain(new Dictionary<string, string>
        {
            ["PORT0"] = "31002", ["PORT1"] = "31005", ["PORT"] = "31002", ["PORTS"] = "31002,31005", ["PORT_8080"] = "31002", ["PORT_HTTP_API"] = "31002",
        });
        variables.Keys.Should().NotContain("PORT_0");
        task.HealthCheck.Http.Port.Should().Be(8080, "the agent probes the container's own address, where the container port listens");
    }

    [Fact]
    public void A_task_on_the_hosts_network_is_checked_on_its_host_port_and_told_its_service_port_by_number()
    {
        var app = Entry("""{"id":"/web","cmd":"serve","portDefinitions":[{"port":0},{"port":0,"name":"admin"}],"healthChecks":[{"protocol":"MESOS_TCP","portIndex":1}]}""");

        var task = Build(app, 31000, 31001);
        var variables = Variables(task);

        app.Definition.PortDefinitions.Select(p => p.Port).Should().Equal(10000, 10001);
        variables.Should().Contain(new Dictionary<string, string> { ["PORT_10000"] = "31000", ["PORT_10001"] = "31001", ["PORT_ADMIN"] = "31001" });
        task.HealthCheck.Tcp.Port.Should().Be(31001);
        task.Container.Should().BeNull();
    }

    [Fact]
    public void Service_ports_skip_those_other_apps_hold_and_run_out_at_the_end_of_the_range()
    {
        var app = new AppDefinition { Id = "/web", Cmd = "x", PortDefinitions = [PortDefinition.Any, PortDefinition.Any with { Port = 10001 }, PortDefinition.Any] };

        ServicePorts.Assign(app, new HashSet<int> { 10000, 10002 })!.PortDefinitions.Select(p => p.Port).Should().Equal(10003, 10001, 10004);
        ServicePorts.Assign(app, Enumerable.Range(ServicePorts.Min, ServicePorts.Max - ServicePorts.Min - 1).ToHashSet()).Should().BeNull();
    }
}
