using Mesos.Actors.Protocol;
using Mesos.V1;
using OperationType = Mesos.V1.Offer.Types.Operation.Types.Type;

namespace Mesos.Actors.Allocator;

/// <summary>
/// RESERVE and UNRESERVE as conversions: what an operation consumes and what it turns it into. A
/// reservation is pushed onto or popped off the resource's reservation stack (Resource.reservations,
/// the post-refinement form), so reserving for <c>eng/web</c> resources already reserved for
/// <c>eng</c> refines that reservation.
/// </summary>
internal sealed record ReservationConversion(Resources Consumed, Resources Converted)
{
    /// <summary>The conversions of <paramref name="operations"/>, or null with the reason when one is not a valid RESERVE or UNRESERVE.</summary>
    public static IReadOnlyList<ReservationConversion>? Of(IReadOnlyList<Offer.Types.Operation> operations, out string? error)
    {
        var conversions = new List<ReservationConversion>();
        foreach (var operation in operations)
        {
            if ((operation.Type, operation.Reserve, operation.Unreserve) is (OperationType.Reserve, null, _) or (OperationType.Unreserve, _, null))
            {
                error = $"Expecting '{(operation.Type == OperationType.Reserve ? "reserve" : "unreserve")}' to be present";
                return null;
            }

            Resources reserved;
            try
            {
                reserved = operation.Type switch
                {
                    OperationType.Reserve => Resources.FromProtos(operation.Reserve.Resources),
                    OperationType.Unreserve => Resources.FromProtos(operation.Unreserve.Resources),
                    _ => throw new ArgumentException($"{operation.Type} does not change reservations"),
                };
            }
            catch (ArgumentException e)
            {
                error = e.Message;
                return null;
            }

            var protos = reserved.Unallocated().ToProtos();
            if (protos.Count == 0 || protos.Any(p => p.Reservations.Count == 0 || p.Reservations[^1].Type == Resource.Types.ReservationInfo.Types.Type.Static))
            {
                error = $"{operation.Type} needs resources with a dynamic reservation on top";
                return null;
            }

            var popped = Resources.FromProtos(protos.Select(Pop));
            conversions.Add(operation.Type == OperationType.Reserve
                ? new ReservationConversion(popped, reserved.Unallocated())
                : new ReservationConversion(reserved.Unallocated(), popped));
        }

        error = null;
        return conversions;
    }

    /// <summary>
    /// <paramref name="from"/> (unallocated resources) after the conversions, or null with the reason
    /// when one consumes what is not there; as the allocator applies them to its compact form.
    /// </summary>
    public static Resources? Apply(Resources from, IEnumerable<ReservationConversion> conversions, out string? error)
    {
        foreach (var conversion in conversions)
        {
            if (!from.Contains(conversion.Consumed))
            {
                error = $"{conversion.Consumed} is not there to convert";
                return null;
            }
            from = from - conversion.Consumed + conversion.Converted;
        }
        error = null;
        return from;
    }

    private static Resource Pop(Resource resource)
    {
        resource.Reservations.RemoveAt(resource.Reservations.Count - 1);
        return resource;
    }
}
