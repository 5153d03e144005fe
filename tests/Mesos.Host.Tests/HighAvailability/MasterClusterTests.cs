using System.Collections;
using System.CommandLine;
using Akka.Configuration;
using Mesos.Actors.Master;
using Mesos.Host.Cli.Flags;
using Mesos.Host.Http;
using Mesos.Host.Master.HighAvailability;

namespace Mesos.Host.Tests.HighAvailability;

/// <summary>--masters, --cluster_port and --quorum as a master reads them, and the starts it refuses with a message.</summary>
public sealed class MasterClusterTests
{
    private static readonly AdvertisedAddress Here = new("10.0.0.1", "m1");

    private static MasterCluster? Resolve(params string[] args)
    {
        var set = new FlagSet(MesosFlags.Master);
        var command = new RootCommand();
        set.AddTo(command);
        var config = set.Resolve(command.Parse(args), new Hashtable());
        return MasterCluster.Resolve(config, MasterSettings.FromConfig(config), Here);
    }

    [Fact]
    public void A_master_without_masters_runs_alone()
    {
        Resolve().Should().BeNull();
    }

    [Fact]
    public void Every_master_is_a_seed_on_its_http_port_plus_1000_and_a_majority_is_the_quorum()
    {
        var cluster = Resolve("--masters=m1:5050,m2:5050,m3:5050", "--registry_store=postgresql://db/mesos")!;
        cluster.Self.ToString().Should().Be("m1:5050");
        cluster.Quorum.Should().Be(2);
        var config = cluster.ToConfig("");
        config.GetStringList("akka.cluster.seed-nodes").Should().Equal(
            "akka.tcp://mesos-master@m1:6050", "akka.tcp://mesos-master@m2:6050", "akka.tcp://mesos-master@m3:6050");
        config.GetString("akka.remote.dot-netty.tcp.public-hostname").Should().Be("m1");
        config.GetInt("akka.remote.dot-netty.tcp.port").Should().Be(6050);
        config.GetString("akka.remote.dot-netty.tcp.hostname").Should().Be("0.0.0.0");
        config.GetStringList("akka.cluster.roles").Should().Equal("master", "http=m1:5050");
        config.GetInt("akka.cluster.split-brain-resolver.static-quorum.quorum-size").Should().Be(2);
        config.GetInt("akka.cluster.min-nr-of-members").Should().Be(2, "no master leads before a quorum of them is up");
    }

    [Fact]
    public void The_first_master_started_again_while_another_leads_lists_itself_last_so_that_it_only_joins()
    {
        var cluster = Resolve("--masters=m1:5050,m2:5050,m3:5050", "--registry_store=postgresql://db/mesos")!;
        cluster.ToConfig("", joinOnly: true).GetStringList("akka.cluster.seed-nodes").Should().Equal(
            "akka.tcp://mesos-master@m2:6050", "akka.tcp://mesos-master@m3:6050", "akka.tcp://mesos-master@m1:6050");
    }

    [Fact]
    public void A_master_with_built_in_frameworks_names_where_they_listen_in_its_roles_so_that_followers_can_send_clients_there()
    {
        var cluster = Resolve("--masters=m1:5050,m2:5050,m3:5050", "--registry_store=postgresql://db/mesos", "--marathon", "--chronos", "--marathon_http_port=8081")!;

        cluster.ToConfig("").GetStringList("akka.cluster.roles").Should().Equal("master", "http=m1:5050", "chronos=m1:4400", "marathon=m1:8081");
    }

    [Fact]
    public void A_cluster_port_given_is_every_masters_and_the_ip_names_this_master_too()
    {
        var cluster = Resolve("--masters=10.0.0.1:5050,10.0.0.2:5050,10.0.0.3:5050,10.0.0.4:5050,10.0.0.5:5050", "--cluster_port=2552", "--quorum=4",
            "--registry=in_memory")!;
        cluster.Self.Host.Should().Be("10.0.0.1");
        cluster.Quorum.Should().Be(4);
        cluster.ToConfig("10.0.0.1").GetStringList("akka.cluster.seed-nodes").Should().AllSatisfy(s => s.Should().EndWith(":2552"));
    }

    [Theory]
    [InlineData("--masters=m2:5050,m3:5050", "must name this master once")]
    [InlineData("--masters=m1:5051,m2:5050", "must name this master once")]
    [InlineData("--masters=m1:5050,m2:5050,m2:5050", "names a master twice")]
    [InlineData("--masters=m1:5050,http://m2/path", "--masters:")]
    [InlineData("--masters=m1:5050,m2:5050,m3:5050 --quorum=1", "--quorum must be between a majority of the 3 masters (2)")]
    [InlineData("--masters=m1:5050,m2:5050,m3:5050 --quorum=4", "--quorum must be between")]
    [InlineData("--masters=m1:5050,m2:5050 --cluster_port=70000", "--cluster_port must be a port")]
    [InlineData("--masters=m1:5050,m2:5050", "--registry_store=postgresql://")]
    public void Flags_that_make_no_cluster_are_refused_with_what_to_change(string flags, string message)
    {
        var args = flags.Split(' ');
        if (!flags.Contains("registry_store", StringComparison.Ordinal) && message != "--registry_store=postgresql://") args = [.. args, "--registry=in_memory"];
        var refuse = () => Resolve(args);
        refuse.Should().Throw<FormatException>().WithMessage($"*{message}*");
    }

    [Fact]
    public void Masters_on_one_machine_may_share_a_sqlite_file()
    {
        Resolve("--masters=m1:5050,m1:5060", "--registry_store=sqlite:/var/lib/mesos/registry.db")!.Masters.Should().HaveCount(2);
    }
}
