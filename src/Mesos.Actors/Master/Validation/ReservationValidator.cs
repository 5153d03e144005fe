using Mesos.Actors.Allocator;
using Mesos.Actors.Master.Roles;
using Mesos.V1;
using OperationType = Mesos.V1.Offer.Types.Operation.Types.Type;

namespace Mesos.Actors.Master.Validation;

/// <summary>Checks RESERVE and UNRESERVE, whether a framework's (in an ACCEPT) or an operator's.</summary>
internal static class ReservationValidator
{
    /// <summary>
    /// The operation's conversions, or null with the reason. A reservation is made for a named role (not
    /// "*"); a framework reserves only for the role it was offered the resources under (<paramref name="role"/>),
    /// and with its own principal when it names one; operators pass neither.
    /// </summary>
    public static IReadOnlyList<ReservationConversion>? Conversions(Offer.Types.Operation operation, string? role, string? principal, out string? error)
    {
        if (operation.Type is not (OperationType.Reserve or OperationType.Unreserve))
        {
            error = $"Expecting a RESERVE or UNRESERVE operation, not {operation.Type}";
            return null;
        }
        var conversions = ReservationConversion.Of([operation], out error);
        if (conversions is null || operation.Type != OperationType.Reserve) return conversions;
        // The reservations as the conversions read them: resources in the older form (role and reservation) have none in their list.
        foreach (var reservation in conversions.SelectMany(c => c.Converted.ToProtos()).Select(r => r.Reservations[^1]))
        {
            error = !reservation.HasRole || reservation.Role is "" or "*" ? "A reservation needs a role other than '*'"
                : RoleNames.Validate(reservation.Role) is { } badRole ? badRole
                : role is not null && reservation.Role != role ? $"The reservation's role '{reservation.Role}' is not the offer's role '{role}'"
                : principal is not null && reservation.HasPrincipal && reservation.Principal != principal
                    ? $"The reservation's principal '{reservation.Principal}' is not the framework's principal '{principal}'"
                : null;
            if (error is not null) return null;
        }
        return conversions;
    }
}
