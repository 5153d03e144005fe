using Mesos.Actors.Allocator;
using Mesos.Actors.Master.Allocation;
using Mesos.Actors.Master.State;
using Mesos.Actors.Protocol;
using Mesos.Internal;
using Mesos.V1;
using Akka.Event;
using OperationType = Mesos.V1.Offer.Types.Operation.Types.Type;

namespace Mesos.Actors.Master;

// Dynamic reservations: RESERVE and UNRESERVE in a framework's ACCEPT, on the offered resources, and
// from operators, on resources nobody holds. Either way the agent's total changes, and the allocator
// converts the same resources in its own books.
public sealed partial class MasterActor
{
    private void ReceiveReservations()
    {
        Receive<UpdateReservations>(OnUpdateReservations);
        Receive<AvailableConverted>(OnAvailableConverted);
    }

    private void OnUpdateReservations(UpdateReservations request)
    {
        if (!_agents.TryGetValue(request.AgentId.Value, out var agent) || !agent.Reachable)
        {
            Sender.Tell(Invalid($"No agent found with ID '{request.AgentId.Value}'"), Self);
            return;
        }
        if (Conversions(request.Operation, role: null, principal: null, out var error) is null)
        {
            Sender.Tell(Invalid(error!), Self);
            return;
        }
        // As Mesos: outstanding offers are rescinded so that what they hold can be reserved; their
        // recovery reaches the allocator in the same batch as the conversion, before it, so that no
        // round offers it again in between.
        RescindOffers(agent);
        TellAllocator(new ConvertAvailable(agent.Id.Value, request.Operation, Sender));
    }

    private void OnAvailableConverted(AvailableConverted converted)
    {
        var request = converted.Request;
        if (converted.Error is { } error)
        {
            request.ReplyTo.Tell(Invalid($"Resources are not available: {error}"), Self);
            return;
        }
        if (_agents.TryGetValue(request.AgentId, out var agent)) ConvertTotal(agent, request.Operation);
        request.ReplyTo.Tell(CallAccepted.Instance, Self);
    }

    /// <summary>RESERVE or UNRESERVE of accepted offers: returns what remains of them, or them unchanged when the operation is dropped.</summary>
    private Resources ConvertOffered(FrameworkState framework, AgentState agent, string role, Offer.Types.Operation operation, Resources remaining)
    {
        var principal = framework.Info.HasPrincipal ? framework.Info.Principal : null;
        var converted = Conversions(operation, role, principal, out var error) is { } conversions
            ? ReservationConversion.Apply(remaining.Unallocated(), conversions, out error)
            : null;
        if (converted is null)
        {
            _log.Warning("Dropping {Operation} of framework {Framework}: {Error}", operation.Type, framework.Id.Value, error);
            return remaining;
        }
        ConvertTotal(agent, operation);
        TellAllocator(new AllocationConverted(framework.Id.Value, agent.Id.Value, role, operation));
        return converted.AllocatedTo(role);
    }

    private void ConvertTotal(AgentState agent, Offer.Types.Operation operation)
    {
        if (ReservationConversion.Of([operation], out _) is { } conversions && ReservationConversion.Apply(agent.Total, conversions, out _) is { } total)
        {
            agent.Total = total;
            CheckpointOnAgent(agent);
        }
    }

    /// <summary>Tells the agent its total with the dynamic reservations, which it reports when it subscribes again.</summary>
    private void CheckpointOnAgent(AgentState agent) => SendToAgent(agent, new AgentEvent
    {
        Type = AgentEvent.Types.Type.CheckpointResources,
        CheckpointResources = new AgentEvent.Types.CheckpointResources { Resources = { agent.Total.ToProtos() } },
    });

    /// <summary>
    /// The operation's conversions, or null with the reason. A reservation is made for a named role (not
    /// "*"); a framework reserves only for the role it was offered the resources under, and with its own
    /// principal when it names one.
    /// </summary>
    private static IReadOnlyList<ReservationConversion>? Conversions(Offer.Types.Operation operation, string? role, string? principal, out string? error)
    {
        if (operation.Type is not (OperationType.Reserve or OperationType.Unreserve))
        {
            error = $"Expecting a RESERVE or UNRESERVE operation, not {operation.Type}";
            return null;
        }
        var conversions = ReservationConversion.Of([operation], out error);
        if (conversions is null || operation.Type != OperationType.Reserve) return conversions;
        foreach (var reservation in operation.Reserve.Resources.Select(r => r.Reservations[^1]))
        {
            error = !reservation.HasRole || reservation.Role is "" or "*" ? "A reservation needs a role other than '*'"
                : role is not null && reservation.Role != role ? $"The reservation's role '{reservation.Role}' is not the offer's role '{role}'"
                : principal is not null && reservation.HasPrincipal && reservation.Principal != principal
                    ? $"The reservation's principal '{reservation.Principal}' is not the framework's principal '{principal}'"
                : null;
            if (error is not null) return null;
        }
        return conversions;
    }
}
