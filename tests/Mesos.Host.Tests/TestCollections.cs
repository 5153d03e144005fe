namespace Mesos.Host.Tests;

/// <summary>
/// Classes whose verdict depends on timing: leader elections, failovers, kill -9 in the middle of work,
/// partitions, timeouts that must expire (or not) within a bound, a memory peak, a run within epsilon, and
/// the benchmark-like ones that load the machine. xunit runs them one at a time after every other collection
/// has finished, so no other test of the run competes with them for the two cores.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitive
{
    public const string Name = "Timing-sensitive, alone";
}

/// <summary>Classes that drive Chromium: one browser at a time, beside the other collections.</summary>
[CollectionDefinition(Name)]
public sealed class Browser
{
    public const string Name = "Chromium";
}
