namespace Mesos.Actors.Protocol;

/// <summary>
/// How reservations are written into Resource protos. Frameworks without the
/// RESERVATION_REFINEMENT capability, and the v0 endpoints, read the older form.
/// </summary>
public enum ResourceFormat
{
    /// <summary>A stack in <c>reservations</c>; unreserved resources have none.</summary>
    PostReservationRefinement,

    /// <summary><c>role</c> (<c>"*"</c> when unreserved) plus <c>reservation</c> for dynamic ones.</summary>
    PreReservationRefinement,
}
