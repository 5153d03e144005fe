using Mesos.Host.Marathon.Apps;
using Mesos.Host.Marathon.Deployments;
using Mesos.Host.Marathon.State;
using static Mesos.Host.Tests.Marathon.MarathonTestData;

namespace Mesos.Host.Tests.Marathon;

/// <summary>Marathon's next step for an app: start, scale, replace within the upgrade strategy's bounds, stop.</summary>
public sealed class InstancePlannerTests
{
    private static readonly HashSet<string> NoneKilling = [];
    private static readonly DateTimeOffset T1 = T0.AddMinutes(1);

    [Fact]
    public void A_new_app_launches_its_instances_and_completes_once_all_run()
    {
        var app = App(2);

        InstancePlanner.Plan(app, [], NoneKilling).Should().Match<InstancePlan>(p => p.Launch == 2 && !p.Complete);
        InstancePlanner.Plan(app, [Instance("a", T0, "TASK_STAGING"), Instance("b", T0)], NoneKilling).Should().Match<InstancePlan>(p => p.Launch == 0 && !p.Complete);
        InstancePlanner.Plan(app, [Instance("a", T0), Instance("b", T0)], NoneKilling).Complete.Should().BeTrue();
    }

    [Fact]
    public void Scaling_down_kills_the_youngest_first_or_the_oldest_when_asked()
    {
        var instances = new[] { Instance("old", T0, stagedSecond: 1), Instance("young", T0, stagedSecond: 9), Instance("mid", T0, stagedSecond: 5) };

        InstancePlanner.Plan(App(1), instances, NoneKilling).Kill.Should().Equal("young", "mid");
        var oldestFirst = App(2) with { Definition = App(2).Definition with { KillSelection = KillSelection.OldestFirst } };
        InstancePlanner.Plan(oldestFirst, instances, NoneKilling).Kill.Should().Equal("old");
    }

    [Fact]
    public void A_deployment_is_not_complete_while_killed_instances_still_run()
    {
        var plan = InstancePlanner.Plan(App(1), [Instance("a", T0), Instance("b", T0)], new HashSet<string> { "b" });

        plan.Should().Match<InstancePlan>(p => p.Launch == 0 && p.Kill.Count == 0 && !p.Complete);
    }

    [Fact]
    public void A_rolling_restart_with_the_default_strategy_starts_all_new_instances_and_kills_old_ones_only_as_new_ones_become_ready()
    {
        var app = App(3, config: T1, health: true);
        var old = new[] { Instance("o1", T0, healthy: true), Instance("o2", T0, healthy: true), Instance("o3", T0, healthy: true) };

        var first = InstancePlanner.Plan(app, old, NoneKilling);
        var oneReady = InstancePlanner.Plan(app, [.. old, Instance("n1", T1, healthy: true), Instance("n2", T1, healthy: null), Instance("n3", T1, "TASK_STAGING")], NoneKilling);

        first.Should().Match<InstancePlan>(p => p.Launch == 3 && p.Kill.Count == 0);
        oneReady.Kill.Should().HaveCount(1);
        oneReady.Launch.Should().Be(0);
    }

    [Fact]
    public void With_half_the_capacity_kept_and_no_room_above_it_half_go_at_once()
    {
        var app = App(4, config: T1, strategy: new UpgradeStrategy(0.5, 0));
        var old = Enumerable.Range(0, 4).Select(i => Instance($"o{i}", T0, stagedSecond: i)).ToArray();

        var plan = InstancePlanner.Plan(app, old, NoneKilling);

        plan.Kill.Should().HaveCount(2);
        plan.Launch.Should().Be(2);
    }

    [Fact]
    public void With_every_instance_kept_and_no_room_above_one_old_instance_is_sacrificed_to_make_progress()
    {
        var app = App(2, config: T1, strategy: new UpgradeStrategy(1, 0));

        var plan = InstancePlanner.Plan(app, [Instance("o1", T0), Instance("o2", T0)], NoneKilling);

        plan.Kill.Should().HaveCount(1);
        plan.Launch.Should().Be(0);
    }

    [Fact]
    public void Old_instances_that_are_not_ready_go_at_once_and_a_removed_app_loses_all()
    {
        var app = App(2, config: T1);

        InstancePlanner.Plan(app, [Instance("o1", T0, "TASK_STAGING"), Instance("o2", T0)], NoneKilling).Kill.Should().Contain("o1");
        InstancePlanner.Plan(null, [Instance("o1", T0), Instance("o2", T0)], new HashSet<string> { "o2" }).Kill.Should().Equal("o1");
        InstancePlanner.Plan(null, [], NoneKilling).Complete.Should().BeTrue();
    }

    [Fact]
    public void New_instances_count_as_ready_only_once_their_readiness_check_passed_and_the_plan_says_what_it_waits_for()
    {
        var app = App(2, config: T1, health: true);
        app = app with { Definition = app.Definition with { ReadinessChecks = [new ReadinessCheck()] } };
        var old = new[] { Instance("o1", T0, healthy: true), Instance("o2", T0, healthy: true) };
        var fresh = new[] { Instance("n1", T1, healthy: true), Instance("n2", T1, healthy: true) };

        var unready = InstancePlanner.Plan(app, [.. old, .. fresh], NoneKilling);
        var oneReady = InstancePlanner.Plan(app, [.. old, .. fresh], NoneKilling, new HashSet<string> { "n1" });
        var allReady = InstancePlanner.Plan(app, fresh, NoneKilling, new HashSet<string> { "n1", "n2" });

        unready.Kill.Should().BeEmpty("old instances stay while the new ones are not ready");
        unready.Waiting.Should().BeEquivalentTo(new Wait(Wait.Readiness, 2, ["n1", "n2"]));
        oneReady.Kill.Should().ContainSingle();
        allReady.Complete.Should().BeTrue();
    }

    [Fact]
    public void What_a_plan_waits_for_names_the_tasks_not_running_or_healthy_yet_and_those_still_dying()
    {
        var app = App(2, health: true);

        InstancePlanner.Plan(app, [], NoneKilling).Waiting.Should().BeEquivalentTo(new Wait(Wait.Offers, 2, []));
        InstancePlanner.Plan(app, [Instance("a", T0, "TASK_STAGING"), Instance("b", T0, healthy: true)], NoneKilling).Waiting!.Should()
            .Match<Wait>(w => w.Reason == Wait.Running && w.Subjects.SequenceEqual(new[] { "a" }));
        InstancePlanner.Plan(app, [Instance("a", T0, healthy: false), Instance("b", T0, healthy: true)], NoneKilling).Waiting!.Should()
            .Match<Wait>(w => w.Reason == Wait.Health && w.Subjects.SequenceEqual(new[] { "a" }));
        InstancePlanner.Plan(app, [Instance("a", T0, healthy: true), Instance("b", T0, healthy: true), Instance("c", T0, healthy: true)], new HashSet<string> { "c" })
            .Waiting!.Should().Match<Wait>(w => w.Reason == Wait.Kill && w.Subjects.SequenceEqual(new[] { "c" }));
    }

    [Fact]
    public void An_unreachable_instance_counts_until_its_apps_inactive_after_seconds_pass_then_is_replaced()
    {
        var app = App(1);
        app = app with { Definition = app.Definition with { UnreachableStrategy = new UnreachableStrategy(60, 120) } };
        var unreachable = Instance("u", T0, "TASK_UNREACHABLE") with { UnreachableSince = T0 };

        InstancePlanner.Plan(app, [unreachable], NoneKilling, now: T0.AddSeconds(59)).Launch.Should().Be(0);
        InstancePlanner.Plan(app, [unreachable], NoneKilling, now: T0.AddSeconds(60)).Launch.Should().Be(1);
        InstancePlanner.Plan(app, [unreachable with { State = "TASK_RUNNING", UnreachableSince = null }, Instance("r", T0, stagedSecond: 61)], NoneKilling, now: T0.AddSeconds(90))
            .Kill.Should().Equal(new[] { "r" }, "the replacement is the youngest once the unreachable one is back");
    }

    [Fact]
    public void Replacing_never_drops_ready_instances_below_the_minimum_in_any_order_of_events()
    {
        // Drive a restart of 10 instances step by step, new instances becoming ready one at a time, and check the bound after each step.
        var app = App(10, config: T1, strategy: new UpgradeStrategy(0.8, 0.2));
        var instances = Enumerable.Range(0, 10).Select(i => Instance($"o{i}", T0, stagedSecond: i)).ToDictionary(i => i.TaskId);
        var next = 0;
        for (var step = 0; step < 100; step++)
        {
            var plan = InstancePlanner.Plan(app, [.. instances.Values], NoneKilling);
            if (plan.Complete) break;
            foreach (var kill in plan.Kill) instances.Remove(kill);
            instances.Values.Count(i => i.IsReady(false)).Should().BeGreaterThanOrEqualTo(8, $"step {step}");
            instances.Count.Should().BeLessThanOrEqualTo(12);
            for (var i = 0; i < plan.Launch; i++, next++) instances[$"n{next}"] = Instance($"n{next}", T1, "TASK_STAGING");
            var staging = instances.Values.FirstOrDefault(i => i.State == "TASK_STAGING");
            if (staging is not null) instances[staging.TaskId] = staging with { State = "TASK_RUNNING" };
        }
        instances.Values.Should().HaveCount(10).And.OnlyContain(i => i.ConfigVersion == T1);
    }
}
