using FsCheck;
using FsCheck.Fluent;

namespace Mesos.Actors.Tests.Allocator.Properties;

/// <summary>An agent to add: unreserved cpus, memory and ports, and maybe a static reservation for one role.</summary>
public sealed record AgentDef(int Cpus, int Mem, int Ports, string? ReservedFor, int ReservedCpus)
{
    public string Text =>
        $"cpus:{Cpus};mem:{Mem};disk:100" + (Ports > 0 ? $";ports:[{31000}-{31000 + Ports - 1}]" : "")
        + (ReservedFor is null ? "" : $";cpus({ReservedFor}):{ReservedCpus};mem({ReservedFor}):256");
}

public sealed record FrameworkDef(string[] Roles, bool Refinement);

public sealed record QuotaDef(string Role, int GuaranteedCpus, int LimitedCpus);

/// <summary>One event of a scenario; <c>Pick</c> values choose among what exists at that point, modulo its count.</summary>
public abstract record Step;

public sealed record AllocateStep(int Seconds) : Step;

public sealed record DeclineStep(int Pick, int Refuse, bool Whole) : Step;

public sealed record FinishCpusStep(int Pick) : Step;

public sealed record SuppressStep(int Framework) : Step;

public sealed record ReviveStep(int Framework) : Step;

public sealed record ToggleStep(int Framework) : Step;

public sealed record ReplaceAgentStep(int Pick) : Step;

public sealed record ReserveStep(int Agent, int Role) : Step;

public sealed record Scenario(int Seed, AgentDef[] Agents, FrameworkDef[] Frameworks, QuotaDef[] Quotas, Step[] Steps);

/// <summary>FsCheck generators of random clusters and of the events that happen to them.</summary>
public static class Scenarios
{
    public static readonly string[] Roles = ["a", "a/x", "b", "c"];

    /// <summary>Refusal choices: none, zero, below the allocation interval, a few seconds, an hour.</summary>
    public static readonly double?[] RefuseSeconds = [null, 0, 0.5, 5, 3600];

    public static Gen<AgentDef> Agent { get; } =
        from cpus in Gen.Choose(1, 8)
        from mem in Gen.Choose(1, 16)
        from ports in Gen.Elements(0, 0, 5, 20)
        from reserved in Gen.Elements<string?>(null, null, "a", "a/x", "b")
        from reservedCpus in Gen.Choose(1, 4)
        select new AgentDef(cpus, mem * 256, ports, reserved, reservedCpus);

    public static Gen<FrameworkDef> Framework { get; } =
        from roles in Gen.SubListOf(Roles).Where(r => r.Count is > 0 and <= 2)
        from refinement in Gen.Elements(true, false)
        select new FrameworkDef(roles.ToArray(), refinement);

    public static Gen<QuotaDef> Quota { get; } =
        from role in Gen.Elements("a", "b", "a/x")
        from guaranteed in Gen.Choose(0, 4)
        from limited in Gen.Choose(0, 12)
        select new QuotaDef(role, guaranteed, limited);

    public static Gen<Step> Step { get; } = Gen.Frequency(
        (6, Gen.Choose(0, 6).Select(s => (Step)new AllocateStep(s))),
        (5, from pick in Gen.Choose(0, 99) from refuse in Gen.Choose(0, RefuseSeconds.Length - 1) from whole in Gen.Elements(true, false)
            select (Step)new DeclineStep(pick, refuse, whole)),
        (2, Gen.Choose(0, 99).Select(p => (Step)new FinishCpusStep(p))),
        (1, Gen.Choose(0, 9).Select(f => (Step)new SuppressStep(f))),
        (1, Gen.Choose(0, 9).Select(f => (Step)new ReviveStep(f))),
        (1, Gen.Choose(0, 9).Select(f => (Step)new ToggleStep(f))),
        (1, Gen.Choose(0, 9).Select(a => (Step)new ReplaceAgentStep(a))),
        (1, from agent in Gen.Choose(0, 9) from role in Gen.Choose(0, Roles.Length - 1) select (Step)new ReserveStep(agent, role)));

    public static Arbitrary<Scenario> Any { get; } = (
        from seed in Gen.Choose(0, 1000)
        from agentCount in Gen.Choose(1, 6)
        from agents in Gen.ArrayOf(Agent, agentCount)
        from frameworkCount in Gen.Choose(1, 5)
        from frameworks in Gen.ArrayOf(Framework, frameworkCount)
        from quotaCount in Gen.Choose(0, 2)
        from quotas in Gen.ArrayOf(Quota, quotaCount)
        from stepCount in Gen.Choose(5, 40)
        from steps in Gen.ArrayOf(Step, stepCount)
        select new Scenario(seed, agents, frameworks, quotas, steps)).ToArbitrary();
}
