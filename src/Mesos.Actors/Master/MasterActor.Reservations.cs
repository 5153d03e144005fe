using Mesos.Actors.Allocator;
using Mesos.Actors.Master.Agents;
using Mesos.Actors.Master.Allocation;
using Mesos.Actors.Master.State;
using Mesos.Actors.Master.Validation;
using Mesos.Actors.Protocol;
using Mesos.V1;

namespace Mesos.Actors.Master;

// Dynamic reservations: RESERVE and UNRESERVE in a framework's ACCEPT, on the offered resources (the
// planner decides those), and from operators, on resources nobody holds. Either way the agent's total
// changes, and the allocator converts the same resources in its own books.
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
        if (ReservationValidator.Conversions(request.Operation, role: null, principal: null, out var error) is null)
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

    private void ConvertTotal(AgentState agent, Offer.Types.Operation operation)
    {
        if (ReservationConversion.Of([operation], out _) is { } conversions && ReservationConversion.Apply(agent.Total, conversions, out _) is { } total)
        {
            agent.Total = total;
            CheckpointOnAgent(agent);
        }
    }

    /// <summary>Tells the agent its total with the dynamic reservations, which it reports when it subscribes again.</summary>
    private void CheckpointOnAgent(AgentState agent) => SendToAgent(agent, AgentEvents.CheckpointResources(agent.Total));
}
