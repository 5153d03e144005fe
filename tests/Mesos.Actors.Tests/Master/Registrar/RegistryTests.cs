using Mesos.Actors.Master.Registrar;
using Mesos.Internal.Registry;
using Mesos.V1;
using Mesos.V1.Quota;

namespace Mesos.Actors.Tests.Master.Registrar;

/// <summary>What the registry holds after each operation, decided and applied without actors.</summary>
public sealed class RegistryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly RegistryRules Lenient = new(Strict: false, MaxAgentAge: TimeSpan.FromDays(14), MaxAgentCount: 100);
    private static readonly RegistryRules Strict = Lenient with { Strict = true };

    private static AgentInfo Agent(string id, string host = "a.test") => new() { Id = new AgentID { Value = id }, Hostname = host, Port = 5051 };

    private static FrameworkInfo Framework(string id, double failover = 60) => new() { Id = new FrameworkID { Value = id }, Name = id, User = "root", FailoverTimeout = failover };

    /// <summary>Decides and applies, as the registry actor does; returns the registry and the refusal.</summary>
    private static (Registry Registry, string? Refusal, int Events) Run(Registry registry, RegistryOperation operation, RegistryRules? rules = null, DateTimeOffset? now = null)
    {
        var decision = operation.Decide(registry, rules ?? Lenient, now ?? T0);
        return (decision.Events.Aggregate(registry, (r, e) => r.Apply(e)), decision.Refusal, decision.Events.Count);
    }

    private static Registry With(params RegistryOperation[] operations) => operations.Aggregate(Registry.Empty, (r, o) => Run(r, o).Registry);

    [Fact]
    public void Each_master_incarnation_takes_the_next_epoch()
    {
        var registry = With(new StartEpoch("m1"), new StartEpoch("m2"));
        registry.Epoch.Should().Be(2);
        registry.MasterId.Should().Be("m2");
    }

    [Fact]
    public void An_admitted_agent_is_held_with_its_info_and_a_second_admission_of_its_id_is_refused()
    {
        var registry = With(new AdmitAgent(Agent("S0")));
        registry.Admitted["S0"].Hostname.Should().Be("a.test");
        Run(registry, new AdmitAgent(Agent("S0"))).Refusal.Should().Contain("already");
    }

    [Fact]
    public void An_admitted_agent_that_registers_again_with_the_same_info_writes_nothing_and_with_a_new_info_is_updated()
    {
        var registry = With(new AdmitAgent(Agent("S0")));
        Run(registry, new ReadmitAgent(Agent("S0"))).Events.Should().Be(0);
        var (updated, refusal, events) = Run(registry, new ReadmitAgent(Agent("S0", "b.test")));
        (refusal, events).Should().Be((null, 1));
        updated.Admitted["S0"].Hostname.Should().Be("b.test");
    }

    [Fact]
    public void An_unreachable_agent_is_held_with_the_time_it_became_so_and_is_admitted_again_when_it_returns()
    {
        var registry = Run(With(new AdmitAgent(Agent("S0"))), new MarkAgentUnreachable(new AgentID { Value = "S0" }), now: T0.AddMinutes(5)).Registry;
        registry.Admitted.Should().BeEmpty();
        registry.Unreachable["S0"].Should().Be(T0.AddMinutes(5));

        var back = Run(registry, new ReadmitAgent(Agent("S0"))).Registry;
        back.Unreachable.Should().BeEmpty();
        back.Admitted.Should().ContainKey("S0");
    }

    [Fact]
    public void A_gone_agent_never_comes_back()
    {
        var registry = With(new AdmitAgent(Agent("S0")), new MarkAgentGone(new AgentID { Value = "S0" }));
        registry.Gone.Should().ContainKey("S0");
        registry.Admitted.Should().BeEmpty();
        Run(registry, new ReadmitAgent(Agent("S0"))).Refusal.Should().Contain("gone");
        Run(registry, new MarkAgentUnreachable(new AgentID { Value = "S0" })).Refusal.Should().Contain("gone");
        Run(Registry.Empty, new MarkAgentGone(new AgentID { Value = "S9" })).Refusal.Should().Contain("not in the registry");
    }

    [Fact]
    public void A_strict_registry_refuses_agents_it_does_not_know_and_a_lenient_one_admits_them()
    {
        var unknown = Agent("S7");
        Run(Registry.Empty, new ReadmitAgent(unknown), Strict).Refusal.Should().Contain("strict");
        Run(Registry.Empty, new MarkAgentUnreachable(unknown.Id), Strict).Refusal.Should().Contain("strict");
        Run(Registry.Empty, new ReadmitAgent(unknown)).Registry.Admitted.Should().ContainKey("S7");
        var unreachable = With(new MarkAgentUnreachable(unknown.Id));
        Run(unreachable, new ReadmitAgent(unknown), Strict).Refusal.Should().BeNull();
    }

    [Fact]
    public void Pruning_forgets_unreachable_and_gone_agents_older_than_the_age_limit_and_the_oldest_beyond_the_count()
    {
        var rules = Lenient with { MaxAgentAge = TimeSpan.FromDays(1), MaxAgentCount = 2 };
        var registry = Registry.Empty;
        for (var i = 0; i < 4; i++)
        {
            registry = Run(registry, new MarkAgentUnreachable(new AgentID { Value = $"S{i}" }), now: T0.AddHours(i)).Registry;
        }
        registry = Run(registry, new MarkAgentUnreachable(new AgentID { Value = "old" }), now: T0.AddDays(-2)).Registry;

        var pruned = Run(registry, new PruneAgents(), rules, T0.AddHours(4)).Registry;

        pruned.Unreachable.Keys.Should().BeEquivalentTo("S2", "S3");
        Run(pruned, new PruneAgents(), rules, T0.AddHours(4)).Events.Should().Be(0);
    }

    [Fact]
    public void Frameworks_are_added_updated_only_when_their_info_changes_and_forgotten()
    {
        var registry = With(new RecordFramework(Framework("f1")));
        registry.Frameworks["f1"].FailoverTimeout.Should().Be(60);
        Run(registry, new RecordFramework(Framework("f1"))).Events.Should().Be(0);
        var updated = Run(registry, new RecordFramework(Framework("f1", failover: 120))).Registry;
        updated.Frameworks["f1"].FailoverTimeout.Should().Be(120);
        Run(updated, new ForgetFramework(new FrameworkID { Value = "f1" })).Registry.Frameworks.Should().BeEmpty();
        Run(Registry.Empty, new ForgetFramework(new FrameworkID { Value = "f1" })).Events.Should().Be(0);
    }

    [Fact]
    public void Weights_are_set_per_role_and_an_empty_quota_config_removes_the_role_s_quota()
    {
        var quota = new QuotaConfig { Role = "ml", Guarantees = { ["cpus"] = new Value.Types.Scalar { Value = 2 } } };
        var registry = With(new SetWeights([new WeightInfo { Role = "a", Weight = 2 }]), new SetWeights([new WeightInfo { Role = "b", Weight = 3 }]), new SetQuotas([quota]));
        registry.Weights.Should().BeEquivalentTo(new Dictionary<string, double> { ["a"] = 2, ["b"] = 3 });
        registry.Quotas["ml"].Guarantees["cpus"].Value.Should().Be(2);
        Run(registry, new SetWeights([new WeightInfo { Role = "a", Weight = 2 }])).Events.Should().Be(0);
        Run(registry, new SetQuotas([new QuotaConfig { Role = "ml" }])).Registry.Quotas.Should().BeEmpty();
    }

    [Fact]
    public void A_snapshot_holds_the_whole_registry_and_reads_back_the_same()
    {
        var registry = With(new StartEpoch("m1"), new AdmitAgent(Agent("S0")), new AdmitAgent(Agent("S1")), new MarkAgentUnreachable(new AgentID { Value = "S1" }),
            new AdmitAgent(Agent("S2")), new MarkAgentGone(new AgentID { Value = "S2" }), new RecordFramework(Framework("f1")),
            new RecordFramework(Framework("f2")), new MarkFrameworkConnection(new FrameworkID { Value = "f2" }, Connected: false),
            new SetWeights([new WeightInfo { Role = "a", Weight = 2 }]), new SetQuotas([new QuotaConfig { Role = "q", Limits = { ["mem"] = new Value.Types.Scalar { Value = 64 } } }]));

        var bytes = Google.Protobuf.MessageExtensions.ToByteArray(registry.ToSnapshot());
        var read = Registry.FromSnapshot(RegistrySnapshot.Parser.ParseFrom(bytes));

        read.ToSnapshot().Should().Be(registry.ToSnapshot());
        read.Epoch.Should().Be(1);
        read.Unreachable.Should().ContainKey("S1");
        read.Disconnected.Should().ContainKey("f2").And.HaveCount(1);
        read.Gone.Should().ContainKey("S2");
    }

    [Fact]
    public void Replaying_the_events_of_a_history_gives_the_registry_the_operations_built()
    {
        var events = new List<RegistryEvent>();
        var registry = Registry.Empty;
        RegistryOperation[] history =
        [
            new StartEpoch("m1"), new AdmitAgent(Agent("S0")), new RecordFramework(Framework("f1")), new MarkAgentUnreachable(new AgentID { Value = "S0" }),
            new ReadmitAgent(Agent("S0", "c.test")), new SetWeights([new WeightInfo { Role = "x", Weight = 4 }]), new ForgetFramework(new FrameworkID { Value = "f1" }),
        ];
        foreach (var operation in history)
        {
            var decision = operation.Decide(registry, Lenient, T0);
            events.AddRange(decision.Events);
            registry = decision.Events.Aggregate(registry, (r, e) => r.Apply(e));
        }

        var replayed = events.Select(e => RegistryEvent.Parser.ParseFrom(Google.Protobuf.MessageExtensions.ToByteArray(e))).Aggregate(Registry.Empty, (r, e) => r.Apply(e));

        replayed.ToSnapshot().Should().Be(registry.ToSnapshot());
        replayed.Admitted["S0"].Hostname.Should().Be("c.test");
    }
}
