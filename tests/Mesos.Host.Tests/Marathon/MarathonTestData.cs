using System.Collections.Immutable;
using Mesos.Host.Marathon.Apps;
using Mesos.Host.Marathon.Constraints;
using Mesos.Host.Marathon.State;
using Mesos.V1;

namespace Mesos.Host.Tests.Marathon;

/// <summary>Apps, instances and offers for the tests of Marathon's pure parts.</summary>
internal static class MarathonTestData
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static AppEntry App(int instances, DateTimeOffset? config = null, UpgradeStrategy? strategy = null, bool health = false)
    {
        var definition = new AppDefinition
        {
            Id = "/web",
            Cmd = "sleep 1000",
            Instances = instances,
            UpgradeStrategy = strategy ?? UpgradeStrategy.Default,
            HealthChecks = health ? [new AppHealthCheck { Protocol = "MESOS_TCP" }] : [],
        };
        var version = config ?? T0;
        return new AppEntry(definition, version, version, version);
    }

    public static Placement AgentAt(string host, params (string Name, string Value)[] attributes) =>
        new("agent-" + host, host, attributes.ToImmutableSortedDictionary(a => a.Name, a => a.Value, StringComparer.Ordinal));

    public static Instance Instance(string taskId, DateTimeOffset config, string state = "TASK_RUNNING", bool? healthy = null, int stagedSecond = 0, Placement? agent = null) =>
        new(taskId, "/web", config, config, agent ?? AgentAt("h1"), [], state, healthy, T0.AddSeconds(stagedSecond), null);

    public static Offer Offer(string host, string resources, params (string Name, string Value)[] attributes)
    {
        var offer = new Offer
        {
            Id = new OfferID { Value = "offer-" + host },
            FrameworkId = new FrameworkID { Value = "fw" },
            AgentId = new AgentID { Value = "agent-" + host },
            Hostname = host,
            Resources = { Mesos.Actors.Protocol.Resources.Parse(resources).ToProtos() },
        };
        offer.Attributes.AddRange(attributes.Select(a => new Mesos.V1.Attribute { Name = a.Name, Type = Value.Types.Type.Text, Text = new Value.Types.Text { Value = a.Value } }));
        return offer;
    }
}
