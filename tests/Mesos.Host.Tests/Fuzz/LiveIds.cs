using Mesos.V1;

namespace Mesos.Host.Tests.Fuzz;

/// <summary>
/// Ids that exist in the cluster as an input is made, so that inputs get past "cannot be found" and into
/// the handlers behind it: the fuzzer's own framework and its stream, the agents, the offers it holds,
/// its tasks and executors. Read once per input; the values change as the cluster does.
/// </summary>
internal sealed record LiveIds(
    string FrameworkId,
    string? StreamId,
    IReadOnlyList<string> AgentIds,
    IReadOnlyList<Offer> Offers,
    IReadOnlyList<string> TaskIds,
    IReadOnlyList<string> ExecutorIds)
{
    public static LiveIds None { get; } = new("", null, [], [], [], []);
}
