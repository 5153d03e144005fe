using System.Globalization;
using Microsoft.AspNetCore.Http;
using Mesos.V1;
using MesosTask = Mesos.V1.Task;

namespace Mesos.Host.Master.V0;

/// <summary>
/// What v0 /master/tasks lists, read from its query as Mesos reads it: at most <c>limit</c> tasks (100)
/// from <c>offset</c> (0), ordered by each task's first status time, newest first unless <c>order=asc</c>,
/// of the framework <c>framework_id</c> and with the id <c>task_id</c> when they are given. Mesos ignores a
/// limit or offset it cannot read; they are refused here, so that a typo does not silently cut the list.
/// </summary>
internal sealed record TaskListing(int Limit, int Offset, bool Ascending, string? FrameworkId, string? TaskId)
{
    public const int DefaultLimit = 100;

    /// <summary>The listing the query asks for, or why it cannot be read.</summary>
    public static (TaskListing? Listing, string? Error) From(IQueryCollection query)
    {
        if (Count(query, "limit", DefaultLimit) is not { } limit) return (null, $"Failed to parse 'limit': expected a number from 0 to {int.MaxValue}");
        if (Count(query, "offset", 0) is not { } offset) return (null, $"Failed to parse 'offset': expected a number from 0 to {int.MaxValue}");
        return (new TaskListing(limit, offset, query["order"] == "asc", One(query, "framework_id"), One(query, "task_id")), null);
    }

    /// <summary>The page of <paramref name="tasks"/> (each with its framework) this listing selects.</summary>
    public IEnumerable<(MesosTask Task, FrameworkInfo Framework)> Select(IEnumerable<(MesosTask Task, FrameworkInfo Framework)> tasks)
    {
        var chosen = tasks.Where(t => (FrameworkId is null || t.Task.FrameworkId?.Value == FrameworkId) && (TaskId is null || t.Task.TaskId?.Value == TaskId));
        // A task with no status yet comes first in ascending order and last in descending order, as in Mesos.
        var ordered = Ascending
            ? chosen.OrderBy(t => t.Task.Statuses.Count > 0).ThenBy(FirstStatusTime)
            : chosen.OrderBy(t => t.Task.Statuses.Count == 0).ThenByDescending(FirstStatusTime);
        return ordered.Skip(Offset).Take(Limit);
    }

    private static double FirstStatusTime((MesosTask Task, FrameworkInfo Framework) t) => t.Task.Statuses.Count > 0 ? t.Task.Statuses[0].Timestamp : 0;

    private static int? Count(IQueryCollection query, string name, int fallback) => query[name] switch
    {
        [] => fallback,
        [{ } text] when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) => value,
        _ => null,
    };

    private static string? One(IQueryCollection query, string name) => query[name] is [{ } value] ? value : null;
}
