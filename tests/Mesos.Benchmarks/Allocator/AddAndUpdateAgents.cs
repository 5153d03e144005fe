using Mesos.Actors.Allocator;
using Mesos.Actors.Protocol;
using Mesos.V1;

namespace Mesos.Benchmarks.Allocator;

/// <summary>
/// Mesos' AddAndUpdateSlave: time to add N agents (each partly used by framework <c>i mod M</c>) and
/// run the allocation they trigger; then to give every agent 10 revocable cpus and allocate again.
/// </summary>
internal static class AddAndUpdateAgents
{
    public static void Run(int agents, int frameworks, double? mesosAddMs, double? mesosUpdateMs)
    {
        var total = Resources.Parse("cpus:2;mem:1024;disk:4096;ports:[31000-32000]");
        var used = Resources.Parse("cpus:1;mem:128;disk:1024;ports:[31126-31510,31512-31623,31810-31852,31854-31964]");
        var oversubscribed = total + Resources.FromProtos(Resources.Parse("cpus:10").ToProtos().Select(p =>
        {
            p.Revocable = new Resource.Types.RevocableInfo();
            return p;
        }));
        var repeats = Report.Repeats(1);
        var adds = new List<double>(repeats);
        var updates = new List<double>(repeats);
        var added = 0;
        var updated = 0;
        for (var repeat = 0; repeat < repeats; repeat++)
        {
            var allocator = new HierarchicalAllocator(new AllocatorOptions { Seed = 1 });
            Cluster.AddFrameworks(allocator, frameworks, _ => "*", FrameworkCapabilities.MultiRole | FrameworkCapabilities.RevocableResources);
            adds.Add(Report.Time(() =>
            {
                Cluster.AddAgents(allocator, agents, frameworks, total, used, _ => "*");
                added = allocator.Allocate(Cluster.Now).Count;
            }));
            updates.Add(Report.Time(() =>
            {
                for (var i = 0; i < agents; i++) allocator.UpdateAgent(Cluster.AgentId(i), oversubscribed);
                updated = allocator.Allocate(Cluster.Now).Count;
            }));
        }

        var size = $"{agents:N0} agents x {frameworks:N0} frameworks";
        Report.Line($"AddAndUpdateSlave add {size}", Report.Median(adds), mesosAddMs, $"median of {repeats} runs; {added:N0} offers");
        Report.Line($"AddAndUpdateSlave update {size}", Report.Median(updates), mesosUpdateMs, $"median of {repeats} runs; {updated:N0} offers");
    }
}
