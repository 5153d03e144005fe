using Mesos.Host.Marathon.Apps;
using Mesos.Host.Marathon.State;
using static Mesos.Host.Tests.Marathon.MarathonTestData;

namespace Mesos.Host.Tests.Marathon;

/// <summary>Marathon's state: changes become deployments, locked apps refuse changes, and the events rebuild the state.</summary>
public sealed class MarathonStateTests
{
    private static readonly AppDefinition Web = new() { Id = "/web", Cmd = "sleep 1000" };

    private static MarathonState Applied(MarathonState state, IEnumerable<MarathonEvent> events) => events.Aggregate(state, (s, e) => s.Apply(e));

    private static MarathonState Running(out Deployment deployment)
    {
        var state = Applied(MarathonState.Empty, MarathonState.Empty.Create([Web], T0));
        deployment = state.Deployments.Values.Single();
        return Applied(state, [new DeploymentEnded(deployment.Id, true)]);
    }

    [Fact]
    public void Creating_an_app_starts_a_deployment_and_creating_it_again_is_a_conflict()
    {
        var state = Applied(MarathonState.Empty, MarathonState.Empty.Create([Web], T0));

        state.Apps["/web"].Version.Should().Be(T0);
        state.Deployments.Values.Single().Actions.Should().Equal(new DeploymentAction(DeploymentAction.Start, "/web"));
        FluentActions.Invoking(() => state.Create([Web], T0)).Should().Throw<ConflictException>();
        FluentActions.Invoking(() => state.Create([Web with { Id = "/web/inner" }], T0)).Should().Throw<ConflictException>();
    }

    [Fact]
    public void Changing_only_the_instance_count_scales_and_keeps_the_configuration_version()
    {
        var state = Running(out _);

        state = Applied(state, state.Put([Web with { Instances = 2 }], T0.AddMinutes(1), force: false));

        var app = state.Apps["/web"];
        app.LastConfigChangeAt.Should().Be(T0);
        app.LastScalingAt.Should().Be(T0.AddMinutes(1));
        state.Deployments.Values.Single().Actions.Single().Action.Should().Be(DeploymentAction.Scale);
        state.Versions["/web"].Should().HaveCount(2);
    }

    [Fact]
    public void Any_other_change_is_a_new_configuration_and_a_locked_app_refuses_changes_unless_forced()
    {
        var state = Running(out _);
        state = Applied(state, state.Put([Web with { Cmd = "sleep 2000" }], T0.AddMinutes(1), force: false));
        var blocking = state.Deployments.Keys.Single();

        state.Apps["/web"].LastConfigChangeAt.Should().Be(T0.AddMinutes(1));
        FluentActions.Invoking(() => state.Restart("/web", T0.AddMinutes(2), force: false))
            .Should().Throw<AppLockedException>().Which.DeploymentIds.Should().Equal(blocking);
        var forced = Applied(state, state.Restart("/web", T0.AddMinutes(2), force: true));
        forced.Deployments.Keys.Should().NotContain(blocking).And.HaveCount(1);
    }

    [Fact]
    public void Rolling_back_a_deployment_restores_the_app_as_it_was_and_force_just_stops_it()
    {
        var state = Running(out _);
        state = Applied(state, state.Put([Web with { Cmd = "sleep 2000", Instances = 3 }], T0.AddMinutes(1), force: false));
        var deployment = state.Deployments.Keys.Single();

        var rolledBack = Applied(state, state.Cancel(deployment, T0.AddMinutes(2), force: false));
        var stopped = Applied(state, state.Cancel(deployment, T0.AddMinutes(2), force: true));

        rolledBack.Apps["/web"].Definition.Should().Match<AppDefinition>(a => a.Cmd == "sleep 1000" && a.Instances == 1);
        rolledBack.Deployments.Values.Single().Actions.Single().Action.Should().Be(DeploymentAction.Restart);
        stopped.Deployments.Should().BeEmpty();
        stopped.Apps["/web"].Definition.Cmd.Should().Be("sleep 2000");
        FluentActions.Invoking(() => state.Cancel("nope", T0, false)).Should().Throw<UnknownException>();
    }

    [Fact]
    public void A_deployment_takes_the_earliest_deadline_of_its_apps_and_its_rollback_has_none()
    {
        var state = Running(out _);
        var strict = Web with { Cmd = "sleep 2000", UpgradeStrategy = new UpgradeStrategy(1, 1, DeadlineSeconds: 30) };

        state = Applied(state, state.Put([strict, new AppDefinition { Id = "/other", Cmd = "x", UpgradeStrategy = new UpgradeStrategy(1, 1, 90) }], T0.AddMinutes(1), force: false));
        var deployment = state.Deployments.Values.Single();
        var events = state.Cancel(deployment.Id, T0.AddMinutes(2), force: false, "too slow");
        var rolledBack = Applied(state, events);

        deployment.Deadline.Should().Be(T0.AddMinutes(1).AddSeconds(30));
        events.OfType<DeploymentEnded>().Single().Should().Be(new DeploymentEnded(deployment.Id, false, "too slow"));
        rolledBack.Deployments.Values.Single().Deadline.Should().BeNull();
        rolledBack.Apps["/web"].Definition.Cmd.Should().Be("sleep 1000");
        rolledBack.Apps["/web"].LastConfigChangeAt.Should().Be(T0, "instances of the configuration restored are not replaced");
        rolledBack.Apps.Should().NotContainKey("/other");
    }

    [Fact]
    public void Instances_are_recorded_at_launch_follow_their_task_and_go_when_it_ends()
    {
        var state = Running(out _);
        var instance = Instance("web.1", T0, "TASK_STAGING");

        state = Applied(state, [new InstanceLaunched(instance), new InstanceChanged("web.1", "TASK_RUNNING", true, false, T0.AddSeconds(3))]);
        state.Instances["web.1"].Should().Match<Instance>(i => i.State == "TASK_RUNNING" && i.Healthy == true && i.StartedAt == T0.AddSeconds(3));
        state = Applied(state, [new InstanceChanged("web.1", "TASK_FAILED", null, true, T0.AddSeconds(4))]);
        state.Instances.Should().BeEmpty();
    }

    [Fact]
    public void An_instance_keeps_its_address_and_when_its_health_check_passed_and_failed()
    {
        var state = Applied(Running(out _), [new InstanceLaunched(Instance("web.1", T0, "TASK_STAGING"))]);

        state = Applied(state, [
            new InstanceChanged("web.1", "TASK_RUNNING", null, false, T0.AddSeconds(1), "10.0.0.7"),
            new InstanceChanged("web.1", "TASK_RUNNING", true, false, T0.AddSeconds(2)),
            new InstanceChanged("web.1", "TASK_RUNNING", false, false, T0.AddSeconds(3), Message: "GET / answered 500"),
        ]);

        var instance = state.Instances["web.1"];
        instance.IpAddress.Should().Be("10.0.0.7");
        instance.Health.Should().Be(new HealthHistory(T0.AddSeconds(2), T0.AddSeconds(2), T0.AddSeconds(3), "GET / answered 500", 1));
    }

    [Fact]
    public void Removing_an_app_stops_it_and_two_changes_in_one_millisecond_get_distinct_versions()
    {
        var state = Running(out _);

        var removed = Applied(state, state.Remove(["/web"], T0, force: false));
        var first = Applied(state, state.Put([Web with { Instances = 2 }], T0, force: false));

        removed.Apps.Should().BeEmpty();
        removed.Deployments.Values.Single().Actions.Single().Should().Be(new DeploymentAction(DeploymentAction.Stop, "/web"));
        first.Apps["/web"].Version.Should().BeAfter(T0);
    }
}
