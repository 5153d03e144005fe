using Mesos.Host.Master.V0;
using Mesos.V1;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using MesosTask = Mesos.V1.Task;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Host.Tests.Http;

/// <summary>v0 /master/tasks' query: paging, order by first status time, and the id filters, as Mesos reads them.</summary>
public sealed class TaskListingTests
{
    private static readonly FrameworkInfo Web = new() { Name = "web", Id = new() { Value = "f-web" } };
    private static readonly FrameworkInfo Batch = new() { Name = "batch", Id = new() { Value = "f-batch" } };

    private static (MesosTask, FrameworkInfo) Task(FrameworkInfo framework, string id, params double[] statusTimes)
    {
        var task = new MesosTask { TaskId = new() { Value = id }, FrameworkId = framework.Id, Name = id };
        foreach (var time in statusTimes) task.Statuses.Add(new TaskStatus { TaskId = task.TaskId, Timestamp = time });
        return (task, framework);
    }

    private static readonly (MesosTask, FrameworkInfo)[] Tasks =
    [
        Task(Web, "a", 10, 50),
        Task(Web, "b", 30),
        Task(Batch, "c", 20, 5),
        Task(Batch, "pending"),
    ];

    private static TaskListing Parse(params (string Name, string Value)[] query)
    {
        var (listing, error) = TaskListing.From(new QueryCollection(query.ToDictionary(q => q.Name, q => new StringValues(q.Value))));
        error.Should().BeNull();
        return listing!;
    }

    private static string[] Ids(TaskListing listing) => listing.Select(Tasks).Select(t => t.Task.TaskId.Value).ToArray();

    [Fact]
    public void By_default_the_newest_first_status_comes_first_and_tasks_without_a_status_last()
    {
        Ids(Parse()).Should().Equal("b", "c", "a", "pending");
    }

    [Fact]
    public void Ascending_order_puts_tasks_without_a_status_first_then_the_oldest_first_status()
    {
        Ids(Parse(("order", "asc"))).Should().Equal("pending", "a", "c", "b");
    }

    [Fact]
    public void Limit_and_offset_page_through_the_ordered_list()
    {
        Ids(Parse(("limit", "2"), ("offset", "1"))).Should().Equal("c", "a");
        Ids(Parse(("offset", "10"))).Should().BeEmpty();
        Ids(Parse(("limit", "0"))).Should().BeEmpty();
        Parse().Limit.Should().Be(TaskListing.DefaultLimit);
    }

    [Fact]
    public void Framework_and_task_ids_filter_the_list()
    {
        Ids(Parse(("framework_id", "f-batch"))).Should().Equal("c", "pending");
        Ids(Parse(("framework_id", "f-web"), ("task_id", "a"))).Should().Equal("a");
        Ids(Parse(("task_id", "nope"))).Should().BeEmpty();
    }

    [Theory]
    [InlineData("limit", "-1")]
    [InlineData("limit", "ten")]
    [InlineData("limit", "1e3")]
    [InlineData("offset", "99999999999")]
    [InlineData("offset", " 1")]
    public void A_limit_or_offset_that_is_not_a_count_is_refused_with_its_name(string name, string value)
    {
        var (listing, error) = TaskListing.From(new QueryCollection(new Dictionary<string, StringValues> { [name] = value }));
        listing.Should().BeNull();
        error.Should().Contain($"'{name}'");
    }
}
