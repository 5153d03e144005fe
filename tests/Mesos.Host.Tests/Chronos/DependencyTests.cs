using Mesos.Host.Chronos.Jobs;

namespace Mesos.Host.Tests.Chronos;

public sealed class DependencyTests
{
    private static readonly DependencyGraph Graph = DependencyGraph.Empty
        .With("extract", []).With("load", []).With("report", ["extract", "load"]).With("mail", ["report"]);

    [Fact]
    public void A_dependent_starts_once_after_every_parent_succeeded()
    {
        var (afterExtract, first) = DependencyProgress.Empty.ParentSucceeded(Graph, "extract");
        var (afterAgain, second) = afterExtract.ParentSucceeded(Graph, "extract");
        var (afterLoad, third) = afterAgain.ParentSucceeded(Graph, "load");

        first.Should().BeEmpty();
        second.Should().BeEmpty();
        third.Should().Equal("report");
        afterLoad.SucceededFor("report").Should().BeEmpty();
    }

    [Fact]
    public void Progress_starts_over_when_the_dependent_starts()
    {
        var (progress, _) = DependencyProgress.Empty.ParentSucceeded(Graph, "extract");
        (progress, _) = progress.ParentSucceeded(Graph, "load");
        var (afterOne, start) = progress.ParentSucceeded(Graph, "load");

        start.Should().BeEmpty();
        afterOne.SucceededFor("report").Should().BeEquivalentTo(["load"]);
    }

    [Fact]
    public void Unknown_parents_self_dependency_and_cycles_are_refused()
    {
        var unknown = () => Graph.With("x", ["nope"]);
        var self = () => Graph.With("x", ["x"]);
        var cycle = () => Graph.With("extract", ["mail"]);

        unknown.Should().Throw<JobRefusedException>().WithMessage("Parent 'nope' of job 'x' does not exist");
        self.Should().Throw<JobRefusedException>().WithMessage("Job 'x' cannot be its own parent");
        cycle.Should().Throw<JobRefusedException>().WithMessage("Job 'extract' cannot depend on 'mail', which depends on it");
    }

    [Fact]
    public void A_job_others_depend_on_cannot_be_deleted_until_they_are()
    {
        var delete = () => Graph.Without("report");

        delete.Should().Throw<JobRefusedException>().WithMessage("*dependent jobs (mail)*");
        Graph.Without("mail").Without("report").Contains("report").Should().BeFalse();
    }

    [Fact]
    public void The_graph_is_written_as_dot_and_csv()
    {
        Graph.ToDot().Should().Be("digraph G {\n  \"extract\";\n  \"load\";\n  \"report\" -> \"mail\";\n  \"extract\" -> \"report\";\n  \"load\" -> \"report\";\n}\n");
        Graph.ToCsv().Should().Be("node,extract\nnode,load\nnode,mail\nnode,report\nlink,report,mail\nlink,extract,report\nlink,load,report\n");
    }
}
