using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mesos.Host.Marathon.Apps;

namespace Mesos.Host.Tests.Marathon;

/// <summary>An app's JSON as Marathon reads it: defaults, every broken rule at its path, and updates that keep what they do not name.</summary>
public sealed class AppDefinitionTests
{
    private static AppDefinition Read(string json, string? pathId = null) => AppJson.Read(AppJson.Parse(Encoding.UTF8.GetBytes(json)), pathId);

    private static IReadOnlyList<ValidationDetail> Refusal(string json) =>
        FluentActions.Invoking(() => Read(json)).Should().Throw<AppInvalidException>().Which.Details;

    [Fact]
    public void A_minimal_app_gets_Marathons_defaults_and_an_absolute_id()
    {
        var app = Read("""{"id":"prod/web","cmd":"sleep 100"}""");

        app.Id.Should().Be("/prod/web");
        (app.Cpus, app.Mem, app.Disk, app.Instances).Should().Be((1, 128, 0, 1));
        (app.BackoffSeconds, app.BackoffFactor, app.MaxLaunchDelaySeconds).Should().Be((1, 1.15, 300));
        app.UpgradeStrategy.Should().Be(new UpgradeStrategy(1, 1));
        app.KillSelection.Should().Be(KillSelection.YoungestFirst);
        app.PortDefinitions.Should().ContainSingle().Which.Port.Should().Be(0);
        app.RequestedHostPorts.Should().Equal(0);
    }

    [Fact]
    public void Kill_selection_and_the_unreachable_strategy_are_read_with_Marathons_defaults_and_disabled_survives_a_round_trip()
    {
        Read("""{"id":"/a","cmd":"x"}""").UnreachableStrategy.Should().Be(new UnreachableStrategy(300, 600));
        Read("""{"id":"/a","cmd":"x","unreachableStrategy":{"inactiveAfterSeconds":60}}""").UnreachableStrategy.Should().Be(new UnreachableStrategy(60, 600));
        Read("""{"id":"/a","cmd":"x","killSelection":"OLDEST_FIRST"}""").KillSelection.Should().Be(KillSelection.OldestFirst);
        var disabled = Read("""{"id":"/a","cmd":"x","unreachableStrategy":"disabled"}""");

        disabled.UnreachableStrategy.Should().Be(UnreachableStrategy.Disabled);
        AppJsonWriter.ToNode(disabled)["unreachableStrategy"]!.GetValue<string>().Should().Be("disabled");
        AppJson.Read(AppJsonWriter.ToNode(disabled), "/a").UnreachableStrategy.Should().Be(UnreachableStrategy.Disabled);
        Refusal("""{"id":"/a","cmd":"x","unreachableStrategy":"never"}""").Should().ContainSingle(d => d.Path == "/unreachableStrategy");
        Refusal("""{"id":"/a","cmd":"x","unreachableStrategy":{"inactiveAfterSeconds":60,"expungeAfterSeconds":30}}""")
            .Should().ContainSingle(d => d.Path == "/unreachableStrategy/expungeAfterSeconds");
        Refusal("""{"id":"/a","cmd":"x","killSelection":"RANDOM"}""").Should().ContainSingle(d => d.Path == "/killSelection");
    }

    [Fact]
    public void A_bridge_docker_app_takes_its_ports_from_the_port_mappings()
    {
        var app = Read("""
            {"id":"/web","container":{"type":"DOCKER","docker":{"image":"busybox","network":"BRIDGE"},
             "portMappings":[{"containerPort":80},{"containerPort":443,"hostPort":31443}]},
             "healthChecks":[{"protocol":"MESOS_HTTP","path":"/health","portIndex":1}]}
            """);

        app.PortDefinitions.Should().BeEmpty();
        app.RequestedHostPorts.Should().Equal(0, 31443);
        app.HealthChecks.Should().ContainSingle().Which.Should().Match<AppHealthCheck>(h =>
            h.GracePeriodSeconds == 300 && h.IntervalSeconds == 60 && h.TimeoutSeconds == 20 && h.MaxConsecutiveFailures == 3);
    }

    [Fact]
    public void Marathon_1_5_networks_choose_the_containers_network_and_what_the_agents_cannot_do_is_refused()
    {
        var bridged = Read("""
            {"id":"/web","networks":[{"mode":"container/bridge"}],
             "container":{"type":"DOCKER","docker":{"image":"busybox"},"portMappings":[{"containerPort":80,"name":"http"}]}}
            """);

        bridged.Container!.Docker!.Network.Should().Be("BRIDGE");
        bridged.DeclaredPorts.Should().Equal(new DeclaredPort("http", 80, 0));
        Refusal("""{"id":"/a","cmd":"x","networks":[{"mode":"container","name":"dcos"}]}""").Should().ContainSingle(d => d.Path == "/networks(0)/mode");
        Refusal("""{"id":"/a","cmd":"x","networks":[{"mode":"container/bridge"}]}""").Should().ContainSingle(d => d.Path == "/networks(0)/mode");
        Refusal("""{"id":"/a","container":{"type":"DOCKER","docker":{"image":"busybox","network":"USER"}}}""").Should().ContainSingle(d => d.Path == "/container/docker/network");
        Refusal("""{"id":"/a","cmd":"x","container":{"type":"MESOS","portMappings":[{"containerPort":80}]}}""").Should().ContainSingle(d => d.Path == "/container/portMappings");
        Refusal("""{"id":"/a","cmd":"x","portDefinitions":[{"port":0,"name":"Web"},{"port":0,"name":"b"},{"port":0,"name":"b"}]}""")
            .Select(d => d.Path).Should().BeEquivalentTo(["/portDefinitions(0)/name", "/portDefinitions"]);
    }

    [Fact]
    public void Every_broken_rule_is_named_at_its_path()
    {
        var details = Refusal("""
            {"id":"/Bad_Name","cmd":"x","args":["y"],"cpus":-1,"mem":"lots","instances":-2,
             "upgradeStrategy":{"minimumHealthCapacity":1.5},"constraints":[["rack","NEAR"],["host","MAX_PER","zero"]],
             "healthChecks":[{"protocol":"HTTP"}]}
            """);

        details.Select(d => d.Path).Should().Contain("/id");
        Refusal("""{"id":"/ok","cmd":"x","args":["y"],"cpus":-1,"mem":"lots","instances":-2,"upgradeStrategy":{"minimumHealthCapacity":1.5},"constraints":[["rack","NEAR"],["host","MAX_PER","zero"]],"healthChecks":[{"protocol":"HTTP"}]}""")
            .Select(d => d.Path).Should().BeEquivalentTo(["/", "/cpus", "/mem", "/instances", "/upgradeStrategy/minimumHealthCapacity",
                "/constraints(0)", "/constraints(1)", "/healthChecks(0)/protocol"]);
    }

    [Fact]
    public void Hostile_numbers_and_paths_are_refused()
    {
        Refusal("""{"id":"/a","cmd":"x","cpus":1e300}""").Should().ContainSingle(d => d.Path == "/cpus");
        Refusal("""{"id":"/a","cmd":"x","instances":1e12}""").Should().ContainSingle(d => d.Path == "/instances");
        Refusal("""{"id":"/a/../b","cmd":"x"}""").Should().ContainSingle(d => d.Path == "/id");
        Refusal("""{"id":"/a","cmd":"x","container":{"type":"MESOS","volumes":[{"containerPath":"/data","hostPath":"/../etc","mode":"RW"}]}}""")
            .Should().ContainSingle(d => d.Path == "/container/volumes(0)/hostPath");
        FluentActions.Invoking(() => AppJson.Parse(Encoding.UTF8.GetBytes("{\"id\":"))).Should().Throw<JsonException>();
    }

    [Fact]
    public void A_health_check_must_name_a_port_the_app_has()
    {
        Refusal("""{"id":"/a","cmd":"x","portDefinitions":[],"healthChecks":[{"protocol":"MESOS_TCP"}]}""")
            .Should().ContainSingle(d => d.Path == "/healthChecks(0)/portIndex");
        Read("""{"id":"/a","cmd":"x","portDefinitions":[],"healthChecks":[{"protocol":"COMMAND","command":{"value":"true"}}]}""").HealthChecks.Should().HaveCount(1);
    }

    [Fact]
    public void An_update_replaces_only_the_fields_it_names_and_a_definition_reads_back_unchanged()
    {
        var app = Read("""{"id":"/a","cmd":"sleep 1","env":{"A":"1"},"constraints":[["hostname","UNIQUE"]],"labels":{"team":"x"}}""");

        var scaled = AppJson.Read(AppUpdate.Merge(app, JsonNode.Parse("""{"instances":3}""")!.AsObject()), app.Id);
        var switched = AppJson.Read(AppUpdate.Merge(app, JsonNode.Parse("""{"args":["sleep","2"]}""")!.AsObject()), app.Id);
        var roundTrip = AppJson.Read(AppJsonWriter.ToNode(app), app.Id);

        scaled.Instances.Should().Be(3);
        MarathonStateSame(scaled, app).Should().BeTrue();
        switched.Cmd.Should().BeNull();
        switched.Args.Should().Equal("sleep", "2");
        MarathonStateSame(roundTrip, app).Should().BeTrue();
        roundTrip.Instances.Should().Be(app.Instances);
    }

    private static bool MarathonStateSame(AppDefinition a, AppDefinition b) => Mesos.Host.Marathon.State.MarathonState.SameConfig(a, b);
}
