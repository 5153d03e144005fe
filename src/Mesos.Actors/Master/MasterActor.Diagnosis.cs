using Mesos.Actors.Master.Allocation;
using Mesos.Actors.Master.Offers;
using Mesos.Actors.Master.Operator;

namespace Mesos.Actors.Master;

public sealed partial class MasterActor
{
    private readonly DeclineLog _declines = new();

    /// <summary>
    /// The master writes its part of the diagnosis and hands it to the allocator, which adds its own and
    /// answers the asker: the master never waits on its allocator.
    /// </summary>
    private void ReceiveOfferDiagnosis() => Receive<DiagnoseOffers>(request =>
    {
        if (!_frameworks.TryGetValue(request.FrameworkId, out var framework))
        {
            Sender.Tell(new UnknownFramework(request.FrameworkId), Self);
            return;
        }
        var offers = _offers.OfFramework(framework.Id.Value)
            .Select(o => new OutstandingOfferView(o.Id, o.AgentId, o.Role, o.Resources.Unallocated())).ToList();
        var diagnosis = new OfferDiagnosis(framework.Id.Value, framework.Connected, [.. framework.SuppressedRoles.Order(StringComparer.Ordinal)],
            offers, _declines.Of(framework.Id.Value));
        _allocator.Tell(new CompleteDiagnosis(diagnosis), Sender);
    });

    private void RememberDecline(OutstandingOffer offer, double refuseSeconds) =>
        _declines.Add(offer.FrameworkId, new DeclinedOffer(offer.Id, offer.AgentId, offer.Role, offer.Resources.Unallocated(), Now, refuseSeconds));
}
