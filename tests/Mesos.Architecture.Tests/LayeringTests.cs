using System.Reflection;
using Mesos.Actors.Master;
using NetArchTest.Rules;

namespace Mesos.Architecture.Tests;

/// <summary>The layering rules of docs/ARCHITECTURE.md, checked on the compiled assemblies.</summary>
public sealed class LayeringTests
{
    private static readonly Assembly Library = typeof(MasterActor).Assembly;
    private static readonly Assembly Host = Assembly.Load("mesos");

    private const string Protocol = "Mesos.Actors.Protocol";
    private const string Framework = "Mesos.Actors.Framework";
    private const string Master = "Mesos.Actors.Master";
    private const string Agent = "Mesos.Actors.Agent";
    private const string Allocator = "Mesos.Actors.Allocator";
    private const string Containerizer = "Mesos.Actors.Containerizer";

    // The generated protobuf classes (mesos.proto and friends) are the protocol's too.
    private static readonly string[] ProtocolNamespaces = [Protocol, "Mesos.V1", "Mesos.Internal"];

    [Fact]
    public void The_protocol_uses_nothing_of_ours_and_no_actors()
    {
        var others = new[] { Framework, Master, Agent, Allocator, Containerizer, "Mesos.Actors.Metrics", "Mesos.Actors.Settings", "Mesos.Host", "Akka" };
        Check(Types.InAssembly(Library).That().ResideInNamespace(Protocol).ShouldNot().HaveDependencyOnAny(others));
        Check(Types.InAssembly(Library).That().ResideInNamespace("Mesos.V1").ShouldNot().HaveDependencyOnAny(others));
    }

    [Fact]
    public void The_framework_sdk_uses_the_protocol_and_akka_only()
    {
        Check(Types.InAssembly(Library).That().ResideInNamespace(Framework)
            .ShouldNot().HaveDependencyOnAny(Master, Agent, Allocator, Containerizer, "Mesos.Actors.Metrics", "Mesos.Host"));
    }

    [Fact]
    public void The_master_never_uses_the_agent_nor_http_nor_the_cli()
    {
        Check(Types.InAssembly(Library).That().ResideInNamespace(Master)
            .ShouldNot().HaveDependencyOnAny(Agent, Containerizer, Framework, "Mesos.Host", "System.Net.Http", "Microsoft.AspNetCore", "System.CommandLine"));
    }

    [Fact]
    public void The_agent_never_uses_the_master_nor_http_nor_the_cli()
    {
        Check(Types.InAssembly(Library).That().ResideInNamespace(Agent)
            .ShouldNot().HaveDependencyOnAny(Master, Allocator, Framework, "Mesos.Host", "System.Net.Http", "Microsoft.AspNetCore", "System.CommandLine"));
    }

    [Fact]
    public void The_allocator_core_is_pure_no_actors_no_master()
    {
        Check(Types.InAssembly(Library).That().ResideInNamespace(Allocator)
            .ShouldNot().HaveDependencyOnAny("Akka", Master, Agent, Framework, Containerizer, "System.Net", "System.IO"));
    }

    [Fact]
    public void The_library_never_uses_the_host()
    {
        Check(Types.InAssembly(Library).ShouldNot().HaveDependencyOn("Mesos.Host"));
    }

    [Fact]
    public void An_application_that_embeds_a_framework_carries_no_database_or_docker_client()
    {
        var referenced = Library.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        referenced.Should().NotContain(n => n.StartsWith("Microsoft.Data.Sqlite", StringComparison.Ordinal)
                                            || n.StartsWith("SQLitePCL", StringComparison.Ordinal)
                                            || n.StartsWith("linq2db", StringComparison.Ordinal)
                                            || n.StartsWith("Npgsql", StringComparison.Ordinal)
                                            || n.StartsWith("Docker", StringComparison.Ordinal)
                                            || n.StartsWith("Akka.Persistence.Sql", StringComparison.Ordinal));
        referenced.Should().OnlyContain(n => n == "netstandard" || n.StartsWith("System", StringComparison.Ordinal)
                                             || n.StartsWith("Microsoft.", StringComparison.Ordinal)
                                             || n.StartsWith("Akka", StringComparison.Ordinal) || n == "Google.Protobuf");
    }

    [Fact]
    public void The_hosts_shared_http_layer_knows_neither_the_cli_nor_a_master_or_an_agent()
    {
        Check(Types.InAssembly(Host).That().ResideInNamespace("Mesos.Host.Http")
            .ShouldNot().HaveDependencyOnAny("Mesos.Host.Cli", "Mesos.Host.Master", "Mesos.Host.Agent"));
    }

    [Fact]
    public void The_hosts_master_and_agent_endpoints_never_use_each_other_nor_the_cli()
    {
        Check(Types.InAssembly(Host).That().ResideInNamespace("Mesos.Host.Master").ShouldNot().HaveDependencyOnAny("Mesos.Host.Agent", "Mesos.Host.Cli"));
        Check(Types.InAssembly(Host).That().ResideInNamespace("Mesos.Host.Agent").ShouldNot().HaveDependencyOnAny("Mesos.Host.Master", "Mesos.Host.Cli"));
    }

    [Fact]
    public void Endpoints_hand_work_to_actors_and_never_reach_into_the_pure_cores()
    {
        Check(Types.InAssembly(Host).That().ResideInNamespace("Mesos.Host")
            .ShouldNot().HaveDependencyOn(Allocator));
    }

    [Fact]
    public void Only_the_agents_process_touches_containerizers_to_hand_the_agent_its_docker_one()
    {
        Check(Types.InAssembly(Host).That().ResideInNamespace("Mesos.Host").And().DoNotHaveName("AgentProcess")
            .ShouldNot().HaveDependencyOnAny(Containerizer, "Mesos.Docker", "Docker.DotNet"));
    }

    [Fact]
    public void The_docker_containerizer_plugs_into_the_library_and_knows_nothing_of_the_host()
    {
        var docker = Assembly.Load("Mesos.Docker");
        docker.GetReferencedAssemblies().Select(a => a.Name).Should().Contain(["Mesos.Actors", "Docker.DotNet"]).And.NotContain("mesos");
        Check(Types.InAssembly(docker).ShouldNot().HaveDependencyOnAny("Mesos.Host", Agent, Master, Framework));
    }

    private static void Check(ConditionList rule)
    {
        var result = rule.GetResult();
        (result.FailingTypeNames ?? []).Should().BeEmpty("these types break the layering of docs/ARCHITECTURE.md");
        result.IsSuccessful.Should().BeTrue();
    }
}
