using Mesos.V1;

namespace Mesos.Actors.Agent;

/// <summary>Adds up the usage of containers that together make one executor's (a task group's tasks).</summary>
internal static class UsageSum
{
    public static ResourceStatistics Of(IReadOnlyList<ResourceStatistics> parts)
    {
        if (parts.Count == 1) return parts[0];
        var sum = new ResourceStatistics { Timestamp = parts.Max(p => p.Timestamp) };
        foreach (var part in parts)
        {
            if (part.HasProcesses) sum.Processes += part.Processes;
            if (part.HasThreads) sum.Threads += part.Threads;
            if (part.HasCpusUserTimeSecs) sum.CpusUserTimeSecs += part.CpusUserTimeSecs;
            if (part.HasCpusSystemTimeSecs) sum.CpusSystemTimeSecs += part.CpusSystemTimeSecs;
            if (part.HasCpusLimit) sum.CpusLimit += part.CpusLimit;
            if (part.HasCpusNrPeriods) sum.CpusNrPeriods += part.CpusNrPeriods;
            if (part.HasCpusNrThrottled) sum.CpusNrThrottled += part.CpusNrThrottled;
            if (part.HasCpusThrottledTimeSecs) sum.CpusThrottledTimeSecs += part.CpusThrottledTimeSecs;
            if (part.HasMemTotalBytes) sum.MemTotalBytes += part.MemTotalBytes;
            if (part.HasMemLimitBytes) sum.MemLimitBytes += part.MemLimitBytes;
            if (part.HasMemCacheBytes) sum.MemCacheBytes += part.MemCacheBytes;
            if (part.HasMemRssBytes) sum.MemRssBytes += part.MemRssBytes;
        }
        return sum;
    }
}
