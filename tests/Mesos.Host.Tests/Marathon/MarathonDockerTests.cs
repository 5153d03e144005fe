using System.Net;
using Mesos.Host.Tests.Docker;

namespace Mesos.Host.Tests.Marathon;

/// <summary>`mesos marathon` running Docker apps on a real master, agent and Docker engine (the image is built locally, never pulled).</summary>
public sealed class MarathonDockerTests(DockerClusterFixture cluster) : IClassFixture<DockerClusterFixture>, IAsyncLifetime
{
    private MarathonUnderTest _marathon = null!;

    public async Task InitializeAsync() => _marathon = await MarathonUnderTest.Start(cluster);

    public async Task DisposeAsync() => await _marathon.DisposeAsync();

    [Fact]
    public async Task The_seed_walk_through_with_a_bridged_docker_container_scales_to_two_healthy_tasks_reachable_on_their_host_ports()
    {
        // busybox's httpd serves the sandbox (the container's working directory), whose page shows the ports Marathon set.
        var created = await _marathon.Send(HttpMethod.Post, "/v2/apps", $$$"""
            {"id":"/docker-seed","cpus":0.1,"mem":32,
             "cmd":"echo \"$PORT0 $PORT_HTTP $PORT_8080 $PORTS\" > index.html && exec httpd -f -p 8080 -h .",
             "container":{"type":"DOCKER","docker":{"image":"{{{DockerEnvironment.Image}}}","network":"BRIDGE"},
               "portMappings":[{"containerPort":8080,"hostPort":0,"name":"http"}]},
             "healthChecks":[{"protocol":"MESOS_HTTP","portIndex":0,"path":"/","gracePeriodSeconds":60,"intervalSeconds":1,"timeoutSeconds":2,"delaySeconds":0}]}
            """);
        created.Status.Should().Be(HttpStatusCode.Created, created.Body.ToString());
        var one = (await _marathon.WaitFor("/v2/apps/docker-seed", a => MarathonUnderTest.AllHealthy(a.GetProperty("app"), 1))).GetProperty("app");

        var scaled = await _marathon.Send(HttpMethod.Put, "/v2/apps/docker-seed", """{"instances":2}""");
        scaled.Status.Should().Be(HttpStatusCode.OK);
        var two = (await _marathon.WaitFor("/v2/apps/docker-seed", a => MarathonUnderTest.AllHealthy(a.GetProperty("app"), 2))).GetProperty("app");

        MarathonUnderTest.TaskIds(two).Should().Contain(MarathonUnderTest.TaskIds(one).Single());
        var servicePort = two.GetProperty("container").GetProperty("portMappings")[0].GetProperty("servicePort").GetInt32();
        servicePort.Should().BeInRange(10000, 20000);
        foreach (var task in two.GetProperty("tasks").EnumerateArray())
        {
            task.GetProperty("state").GetString().Should().Be("TASK_RUNNING");
            task.GetProperty("healthCheckResults")[0].GetProperty("alive").GetBoolean().Should().BeTrue();
            task.GetProperty("servicePorts").EnumerateArray().Select(p => p.GetInt32()).Should().Equal(servicePort);
            task.GetProperty("ipAddresses")[0].GetProperty("ipAddress").GetString().Should().NotBe("127.0.0.1", "a bridged container has its own address");
            var hostPort = task.GetProperty("ports").EnumerateArray().Single().GetInt32();
            hostPort.Should().BeInRange(cluster.TaskPorts.Begin, cluster.TaskPorts.End);
            var page = await _marathon.Http.GetStringAsync($"http://127.0.0.1:{hostPort}/index.html");
            page.Should().Be($"{hostPort} {hostPort} {hostPort} {hostPort}\n");
        }
    }

    [Fact]
    public async Task A_docker_app_on_the_hosts_network_gets_its_port_from_the_offer_and_a_service_port_of_its_own()
    {
        await _marathon.Send(HttpMethod.Post, "/v2/apps", """{"id":"/first","cmd":"sleep 1000","cpus":0.1,"mem":32}""");
        var created = await _marathon.Send(HttpMethod.Post, "/v2/apps", $$$"""
            {"id":"/docker-host","cpus":0.1,"mem":32,"cmd":"exec httpd -f -p $PORT0 -h /",
             "container":{"type":"DOCKER","docker":{"image":"{{{DockerEnvironment.Image}}}"}},"networks":[{"mode":"host"}],
             "portDefinitions":[{"port":0,"name":"web"}],
             "healthChecks":[{"protocol":"MESOS_TCP","gracePeriodSeconds":60,"intervalSeconds":1,"timeoutSeconds":2,"delaySeconds":0}]}
            """);
        created.Status.Should().Be(HttpStatusCode.Created, created.Body.ToString());

        var app = (await _marathon.WaitFor("/v2/apps/docker-host", a => MarathonUnderTest.AllHealthy(a.GetProperty("app"), 1))).GetProperty("app");
        var first = (await _marathon.Get("/v2/apps/first")).GetProperty("app");

        var servicePort = app.GetProperty("portDefinitions")[0].GetProperty("port").GetInt32();
        servicePort.Should().BeInRange(10000, 20000).And.NotBe(first.GetProperty("portDefinitions")[0].GetProperty("port").GetInt32());
        // Healthy means the agent's TCP check reached httpd on the host port from the offer.
        app.GetProperty("tasks")[0].GetProperty("ports")[0].GetInt32().Should().BeInRange(cluster.TaskPorts.Begin, cluster.TaskPorts.End);
    }
}
