using Mesos.Actors.Allocator.Sorting;
using Mesos.V1;

namespace Mesos.Actors.Allocator.Compact;

/// <summary>
/// Everything that tells one resource from another except its amount (name, reservations, disk,
/// revocable, shared), interned once per allocator so that the hot loop reads flags instead of protos.
/// </summary>
internal sealed class ResourceKind
{
    public ResourceKind(int id, Resource key, int dim, RoleNode? reservationRole)
    {
        Id = id;
        Key = key;
        Dim = dim;
        ReservationRole = reservationRole;
        Revocable = key.Revocable is not null;
        Shared = key.Shared is not null;
        Refined = key.Reservations.Count > 1;
        IsGpu = key.Name == "gpus";
        QuotaEligible = dim >= 0 && reservationRole is null && !Revocable;
        Shrinkable = dim >= 0 && key.Disk?.Persistence is null
            && key.Disk?.Source?.Type is not (Resource.Types.DiskInfo.Types.Source.Types.Type.Mount or Resource.Types.DiskInfo.Types.Source.Types.Type.Block);
    }

    public int Id { get; }

    /// <summary>The resource without its value and without allocation info.</summary>
    public Resource Key { get; }

    /// <summary>The scalar dimension, or −1 for ranges and sets.</summary>
    public int Dim { get; }

    /// <summary>The role of the innermost reservation; null when unreserved.</summary>
    public RoleNode? ReservationRole { get; }

    public bool Revocable { get; }

    public bool Shared { get; }

    /// <summary>More than one reservation: only frameworks with RESERVATION_REFINEMENT may see it.</summary>
    public bool Refined { get; }

    public bool IsGpu { get; }

    /// <summary>Unreserved, non-revocable scalars: what quota guarantees, limits and headroom count.</summary>
    public bool QuotaEligible { get; }

    /// <summary>Whether part of it may be offered; persistent volumes and MOUNT or BLOCK disks go whole.</summary>
    public bool Shrinkable { get; }

    /// <summary>Mesos' <c>allocatableTo</c>: unreserved, or reserved to the role or one of its ancestors.</summary>
    public bool AllocatableTo(RoleNode role) => ReservationRole is null || role.IsSelfOrDescendantOf(ReservationRole);
}
