using System.Globalization;
using System.Net;
using Akka.Configuration;
using Mesos.Actors.Framework;
using Mesos.Actors.Master;
using Mesos.Actors.Master.Registrar;
using Mesos.Host.Http;

namespace Mesos.Host.Master.HighAvailability;

/// <summary>
/// The masters of a highly available cluster (--masters, --cluster_port, --quorum) and the Akka.Cluster
/// configuration this master joins them with: every master a seed node, in the order given, this one
/// reachable at the host its own entry names.
/// </summary>
/// <param name="Frameworks">The built-in frameworks this master runs while it leads (--marathon, --chronos), by name, with the address they advertise.</param>
internal sealed record MasterCluster(IReadOnlyList<MasterAddress> Masters, MasterAddress Self, int ClusterPort, int Quorum, IReadOnlyDictionary<string, MasterAddress> Frameworks)
{
    public const string SystemName = "mesos-master";
    public const string Role = "master";

    /// <summary>Between a master's HTTP port and its cluster port, unless --cluster_port names one port for all.</summary>
    public const int ClusterPortOffset = 1000;

    /// <summary>
    /// The cluster of <paramref name="settings"/>, or null for a master that runs alone. Throws
    /// <see cref="FormatException"/> saying what to change when the flags do not make a cluster.
    /// </summary>
    public static MasterCluster? Resolve(Config config, MasterSettings settings, AdvertisedAddress address)
    {
        var text = config.GetString("mesos.master.masters");
        if (string.IsNullOrWhiteSpace(text)) return null;
        IReadOnlyList<MasterAddress> masters;
        try
        {
            masters = MasterAddress.ParseList(text);
        }
        catch (FormatException e)
        {
            throw new FormatException($"--masters: {e.Message}");
        }
        if (masters.Distinct().Count() != masters.Count) throw new FormatException($"--masters names a master twice: {text}");
        var self = masters.Where(m => m.Port == settings.Port && IsThisMachine(m.Host, address)).ToList();
        if (self.Count != 1)
        {
            throw new FormatException($"--masters must name this master once, as {address.Ip}:{settings.Port} or {address.Hostname}:{settings.Port} " +
                $"(its --ip or --hostname and its --port); it names {string.Join(",", masters)}");
        }
        var clusterPort = config.GetInt("mesos.master.cluster-port");
        if (clusterPort is < 0 or > 65535) throw new FormatException($"--cluster_port must be a port (1 to 65535), or 0 for the HTTP port plus {ClusterPortOffset}");
        if (clusterPort == 0 && masters.Any(m => m.Port + ClusterPortOffset > 65535))
        {
            throw new FormatException($"--masters: a master's cluster port (its HTTP port plus {ClusterPortOffset}) must be below 65536; set --cluster_port");
        }
        var majority = masters.Count / 2 + 1;
        var quorum = config.GetInt("mesos.master.quorum");
        if (quorum == 0) quorum = majority;
        if (quorum < majority || quorum > masters.Count)
        {
            throw new FormatException($"--quorum must be between a majority of the {masters.Count} masters ({majority}) and all of them, not {quorum}: " +
                "with fewer, two sides of a partition could each elect a leader");
        }
        if (masters.Count > 1 && settings.Registry.Backend == RegistryBackend.ReplicatedLog && settings.Registry.Store.Length == 0)
        {
            throw new FormatException("Several masters (--masters) need one registry they all reach: add --registry_store=postgresql://user:password@host:port/database " +
                "(or --registry_store=sqlite:/path/registry.db for masters on one machine), or --registry=in_memory to try it out without one");
        }
        var frameworks = new[] { "marathon", "chronos" }.Where(name => config.GetBoolean($"mesos.master.{name}"))
            .ToDictionary(name => name, name => new MasterAddress(address.Hostname, config.GetInt($"mesos.{name}.http-port")), StringComparer.Ordinal);
        return new MasterCluster(masters, self[0], clusterPort, quorum, frameworks);
    }

    private static bool IsThisMachine(string host, AdvertisedAddress address) =>
        string.Equals(host, address.Ip, StringComparison.OrdinalIgnoreCase)
        || string.Equals(host, address.Hostname, StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host, out var ip) && IPAddress.TryParse(address.Ip, out var own) && ip.Equals(own));

    public int PortOf(MasterAddress master) => ClusterPort != 0 ? ClusterPort : master.Port + ClusterPortOffset;

    /// <summary>The role that carries a member's HTTP address, so that followers can point at the leader.</summary>
    public static string HttpRole(MasterAddress http) => HttpRolePrefix + http;

    public const string HttpRolePrefix = "http=";

    /// <summary>The master the singleton runs on: the oldest master that is Up (or Leaving, while it hands over).</summary>
    public static Akka.Cluster.Member? Oldest(IEnumerable<Akka.Cluster.Member> members) => members
        .Where(m => m.Status is Akka.Cluster.MemberStatus.Up or Akka.Cluster.MemberStatus.Leaving && m.HasRole(Role))
        .Aggregate((Akka.Cluster.Member?)null, (a, m) => a is null || m.IsOlderThan(a) ? m : a);

    /// <summary>The address a member's role <c>prefix</c>host:port names (its HTTP address, a built-in framework's), if it has one.</summary>
    public static MasterAddress? AddressIn(Akka.Cluster.Member member, string prefix) =>
        member.Roles.FirstOrDefault(r => r.StartsWith(prefix, StringComparison.Ordinal)) is { } role
        && MasterAddress.TryParse(role[prefix.Length..], out var address) ? address : null;

    // Followers send the built-in frameworks' clients to the leader's, which may listen on other ports than theirs,
    // and name it as it names itself (its advertised hostname).
    private IEnumerable<string> Roles() =>
        [Role, HttpRole(Self), .. Frameworks.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}")];

    /// <summary>Akka.Cluster, Akka.Remote and the split brain resolver for this master (reference.conf holds the timings).</summary>
    /// <param name="joinOnly">
    /// Another master leads already: this one lists itself last among the seed nodes, so that Akka never lets it form a
    /// cluster of its own. The first seed node forms one when the others do not answer within the seed-node timeout,
    /// and a master started again while the others are busy would then wait for a quorum that never comes.
    /// </param>
    public Config ToConfig(string bindIp, bool joinOnly = false)
    {
        var order = joinOnly ? Masters.Where(m => !m.Equals(Self)).Append(Self) : Masters;
        var seeds = string.Join(", ", order.Select(m => Quote($"akka.tcp://{SystemName}@{HostOf(m)}:{PortOf(m)}")));
        var hocon = $$"""
            akka.actor.provider = cluster
            akka.remote.dot-netty.tcp {
              hostname = {{Quote(string.IsNullOrEmpty(bindIp) ? "0.0.0.0" : bindIp)}}
              public-hostname = {{Quote(HostOf(Self))}}
              port = {{PortOf(Self).ToString(CultureInfo.InvariantCulture)}}
            }
            akka.cluster {
              seed-nodes = [{{seeds}}]
              roles = [{{string.Join(", ", Roles().Select(Quote))}}]
              split-brain-resolver.static-quorum.quorum-size = {{Quorum.ToString(CultureInfo.InvariantCulture)}}
              # A master that finds no other (the first seed node, started again while the others did not
              # answer in time, forms a cluster of its own) stays Joining and never leads without a quorum.
              min-nr-of-members = {{Quorum.ToString(CultureInfo.InvariantCulture)}}
            }
            """;
        return ConfigurationFactory.ParseString(hocon);
    }

    // Akka's addresses take an IPv6 host in brackets.
    private static string HostOf(MasterAddress master) => master.Host.Contains(':', StringComparison.Ordinal) && !master.Host.StartsWith('[') ? $"[{master.Host}]" : master.Host;

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
