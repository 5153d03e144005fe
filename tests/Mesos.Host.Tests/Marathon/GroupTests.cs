using System.Text;
using Mesos.Host.Marathon.Apps;
using Mesos.Host.Marathon.Groups;
using Mesos.Host.Marathon.State;
using static Mesos.Host.Tests.Marathon.MarathonTestData;

namespace Mesos.Host.Tests.Marathon;

/// <summary>Groups as /v2/groups takes them: relative ids, nested groups, dependencies, and the deployments they make.</summary>
public sealed class GroupTests
{
    private static GroupUpdate Read(string json, string at = "/") => GroupJson.Read(AppJson.Parse(Encoding.UTF8.GetBytes(json)), at);

    private static MarathonState Applied(MarathonState state, IEnumerable<MarathonEvent> events) => events.Aggregate(state, (s, e) => s.Apply(e));

    private static MarathonState Settled(MarathonState state) => Applied(state, state.Deployments.Keys.Select(id => new DeploymentEnded(id, true)));

    private static readonly GroupUpdate Prod = Read("""
        {"id":"prod","dependencies":["/shared"],"apps":[{"id":"db","cmd":"db"},{"id":"web","cmd":"web","dependencies":["db"]}],
         "groups":[{"id":"jobs","apps":[{"id":"report","cmd":"report","dependencies":["../web"]}]}]}
        """);

    [Fact]
    public void Ids_and_dependencies_are_read_from_the_group_that_holds_them()
    {
        Prod.Tree.Select(g => g.Id).Should().Equal("/prod", "/prod/jobs");
        Prod.Dependencies.Should().Equal("/shared");
        Prod.Apps!.Value.Select(a => (a.Id, string.Join(',', a.Dependencies))).Should().Equal(("/prod/db", ""), ("/prod/web", "/prod/db"));
        Prod.Groups!.Value.Single().Apps!.Value.Single().Dependencies.Should().Equal("/prod/web");
    }

    [Fact]
    public void A_group_that_is_not_what_it_should_be_names_every_error_at_its_path()
    {
        var details = FluentActions.Invoking(() => Read("""
            {"id":"prod","scaleBy":-1,"apps":[{"id":"/elsewhere/db","cmd":"x"},{"id":"web"}],"groups":[{"apps":[]},{"id":"Bad"}]}
            """)).Should().Throw<AppInvalidException>().Which.Details;

        details.Select(d => d.Path).Should().BeEquivalentTo(["/scaleBy", "/apps(0)/id", "/apps(1)", "/groups(0)/id", "/groups(1)/id"]);
    }

    [Fact]
    public void Creating_a_group_starts_its_apps_in_the_order_of_their_dependencies()
    {
        var state = Applied(MarathonState.Empty, MarathonState.Empty.ChangeGroup(Prod, create: true, T0, force: false));

        state.Apps.Keys.Should().BeEquivalentTo(["/prod/db", "/prod/web", "/prod/jobs/report"]);
        state.Groups.Keys.Should().Equal("/prod", "/prod/jobs");
        state.Groups["/prod"].Dependencies.Should().Equal("/shared");
        state.Deployments.Values.Single().Actions.Select(a => (a.AppId, a.Step)).Should().BeEquivalentTo([("/prod/db", 1), ("/prod/web", 2), ("/prod/jobs/report", 3)]);
        state.Dependencies.Of("/prod/jobs/report").Should().Equal("/prod/web");
        FluentActions.Invoking(() => state.ChangeGroup(Prod, create: true, T0, force: false)).Should().Throw<ConflictException>();
    }

    [Fact]
    public void Changing_a_group_with_a_list_of_apps_or_groups_removes_those_it_leaves_out_and_scale_by_multiplies_instances()
    {
        var state = Settled(Applied(MarathonState.Empty, MarathonState.Empty.ChangeGroup(Prod, create: true, T0, force: false)));

        var changed = Applied(state, state.ChangeGroup(Read("""{"apps":[{"id":"db","cmd":"db"}],"groups":[]}""", "/prod"), create: false, T0.AddMinutes(1), force: false));
        var scaled = Settled(Applied(state, state.ChangeGroup(Read("""{"scaleBy":2.5}""", "/prod"), create: false, T0.AddMinutes(1), force: false)));

        changed.Apps.Keys.Should().Equal("/prod/db");
        changed.Groups.Keys.Should().Equal("/prod");
        changed.Deployments.Values.Single().Actions.Where(a => a.Action == DeploymentAction.Stop).Select(a => a.AppId)
            .Should().BeEquivalentTo(["/prod/web", "/prod/jobs/report"]);
        scaled.Apps.Values.Select(a => a.Definition.Instances).Should().AllBeEquivalentTo(3);
        Applied(scaled, scaled.RemoveGroup("/prod", T0.AddMinutes(2), force: false)).Should().Match<MarathonState>(s => s.Apps.IsEmpty && s.Groups.IsEmpty);
    }

    [Fact]
    public void Apps_that_would_depend_on_each_other_in_a_circle_are_refused()
    {
        var state = Settled(Applied(MarathonState.Empty, MarathonState.Empty.ChangeGroup(Prod, create: true, T0, force: false)));
        var db = state.Apps["/prod/db"].Definition;

        FluentActions.Invoking(() => state.Put([db with { Dependencies = ["/prod/jobs"] }], T0.AddMinutes(1), force: false))
            .Should().Throw<AppInvalidException>().Which.Details.Single().Errors.Should().Equal("Dependency graph has cyclic dependencies.");
        FluentActions.Invoking(() => state.ChangeGroup(Read("""{"dependencies":["jobs"]}""", "/prod/web2"), create: true, T0, force: false))
            .Should().NotThrow("a new group may depend on a sibling");
    }
}
