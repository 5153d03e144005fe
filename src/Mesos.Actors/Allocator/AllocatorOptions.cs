namespace Mesos.Actors.Allocator;

/// <summary>The allocator's settings, named and defaulted as the Mesos master flags they mirror.</summary>
internal sealed record AllocatorOptions
{
    /// <summary><c>--allocation_interval</c>: a refusal filter lasts at least this long, so that it survives until the next periodic round.</summary>
    public TimeSpan AllocationInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary><c>--min_allocatable_resources</c>: an offer must hold at least one of these.</summary>
    public IReadOnlyList<ResourceQuantities> MinAllocatableResources { get; init; } = ResourceQuantities.ParseAlternatives("cpus:0.01|mem:32");

    /// <summary><c>--fair_sharing_excluded_resource_names</c>: names left out of dominant shares (e.g. gpus).</summary>
    public IReadOnlyCollection<string> FairSharingExcludedResourceNames { get; init; } = [];

    /// <summary><c>--allocator_recovery_timeout</c>: the longest allocation stays paused after a master failover.</summary>
    public TimeSpan RecoveryTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary><c>--allocator_agent_recovery_factor</c>: the fraction of the agents the master knew that must be back before allocation resumes.</summary>
    public double AgentRecoveryFactor { get; init; } = 0.8;

    /// <summary><c>--filter_gpu_resources</c>: agents with GPUs are offered only to frameworks with the GPU_RESOURCES capability.</summary>
    public bool FilterGpuResources { get; init; } = true;

    /// <summary>Seeds the order in which agents are visited, the only random choice; one seed gives one outcome.</summary>
    public int Seed { get; init; }
}
