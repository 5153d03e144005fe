namespace Mesos.Actors.Allocator;

/// <summary>
/// A role's quota, as since Mesos 1.9: guarantees the allocator sets resources aside for, and
/// limits the role (with its descendants) is never offered beyond. A name without a limit is unlimited.
/// </summary>
internal sealed record Quota(ResourceQuantities Guarantees, ResourceQuantities Limits)
{
    public static Quota None { get; } = new(ResourceQuantities.Empty, ResourceQuantities.Empty);
}
