using Mesos.Actors.Allocator;
using Mesos.Actors.Master.Allocation;
using Mesos.Actors.Master.Frameworks;
using Mesos.Actors.Master.Offers;
using Mesos.Actors.Master.State;
using Mesos.Actors.Protocol;
using Akka.Actor;
using Mesos.V1;
using Mesos.V1.Scheduler;
using MesosTask = Mesos.V1.Task;

namespace Mesos.Actors.Master;

public sealed partial class MasterActor
{
    private IActorRef _allocator = null!;
    private readonly OfferBook _offers = new();

    private sealed record OfferTimedOut(string OfferId);

    private void ReceiveAllocation()
    {
        Receive<ResourcesOffered>(OnResourcesOffered);
        Receive<AllocatorRestarted>(_ => HandClusterToAllocator());
        Receive<OfferTimedOut>(t =>
        {
            if (_offers.Find(t.OfferId) is { } offer) Rescind(offer);
        });
    }

    protected override void PreStart()
    {
        _startTime = Now;
        _allocator = Context.ActorOf(AllocatorActor.Props(_settings.Allocator), "allocator");
        StartRegistry();
    }

    // What a turn tells the allocator reaches it at the end of the turn, as one batch (see AllocatorBatch).
    private readonly List<object> _toAllocator = [];
    private long _batchesSent;

    /// <summary>The number the batch of this turn goes out with.</summary>
    private long ThisTurnsBatch => _batchesSent + 1;

    private void TellAllocator(AllocatorChange change) => _toAllocator.Add(change);

    private void TellAllocator(ConvertAvailable request) => _toAllocator.Add(request);

    protected override bool AroundReceive(Receive receive, object message)
    {
        try
        {
            return base.AroundReceive(receive, message);
        }
        finally
        {
            if (_toAllocator.Count > 0)
            {
                _allocator.Tell(new AllocatorBatch(++_batchesSent, [.. _toAllocator]), Self);
                _toAllocator.Clear();
            }
        }
    }

    /// <summary>Gives resources back to the allocator, under the role they were allocated to.</summary>
    private void Recover(string frameworkId, AgentID agentId, Resources resources, string fallbackRole)
    {
        foreach (var recovered in Recovery.Of(frameworkId, agentId.Value, resources, fallbackRole)) TellAllocator(recovered);
    }

    private void RecoverTask(FrameworkState framework, MesosTask task) =>
        Recover(framework.Id.Value, task.AgentId, Resources.FromProtos(task.Resources), framework.Role);

    private static FrameworkSpec SpecOf(FrameworkState framework) =>
        FrameworkSpec.From(framework.Info, framework.SuppressedRoles);

    /// <summary>What frameworks hold on an agent (tasks and executors), as the allocator takes it when the agent is added.</summary>
    /// <remarks>
    /// Summed in one pass over the tasks and executors, by framework and role, without a bag of resources for each
    /// (<see cref="ResourceTally"/>): an agent coming back after a failover brings a hundred tasks or more.
    /// </remarks>
    private IReadOnlyList<ResourceUse> UsedOn(AgentState agent)
    {
        var held = new Dictionary<string, (ResourceTally Tally, string Role)>(StringComparer.Ordinal);
        void Hold(string framework, IEnumerable<Resource> resources)
        {
            if (!held.TryGetValue(framework, out var holder))
            {
                held[framework] = holder = (new ResourceTally(), _frameworks.TryGetValue(framework, out var f) ? f.Role : "*");
            }
            foreach (var resource in resources) holder.Tally.Add(resource, holder.Role);
        }
        foreach (var ((framework, _), task) in _tasks.OnAgent(agent.Id.Value)) Hold(framework, task.Resources);
        foreach (var ((framework, _), executor) in agent.Executors) Hold(framework, executor.Resources);
        return [.. held.SelectMany(h => h.Value.Tally.ByRole().Select(part => new ResourceUse(h.Key, part.Role, part.Resources)))];
    }

    /// <summary>
    /// A registering agent tells what runs on it, which may differ from what the allocator holds for it
    /// (executors the master had not heard of): an agent registering again is added afresh, its offers
    /// rescinded first, with what it reports as used.
    /// </summary>
    private void ResyncAllocator(AgentState agent, bool added)
    {
        if (!added)
        {
            RescindOffers(agent);
            TellAllocator(new AgentRemoved(agent.Id.Value));
        }
        TellAllocator(new AgentAdded(agent.Id.Value, agent.Total, UsedOn(agent)));
        agent.AddedInBatch = ThisTurnsBatch;
    }

    /// <summary>
    /// Tells a restarted (empty) allocator everything it must know: offers it never made are rescinded
    /// first (their recovery is ignored, as it knows no framework yet), then every framework, the
    /// weights and quotas, and every reachable agent with what runs on it.
    /// </summary>
    private void HandClusterToAllocator()
    {
        foreach (var offer in _offers.All()) Rescind(offer);
        foreach (var framework in _frameworks.Values) TellAllocator(new FrameworkAdded(framework.Id.Value, SpecOf(framework), framework.Connected));
        TellRoleConfig();
        foreach (var agent in _agents.Values.Where(a => a.Reachable))
        {
            TellAllocator(new AgentAdded(agent.Id.Value, agent.Total, UsedOn(agent)));
            agent.AddedInBatch = ThisTurnsBatch;
            if (!agent.Connected) TellAllocator(new AgentDeactivated(agent.Id.Value));
        }
    }

    /// <summary>
    /// Turns the allocator's decisions into offers. What was decided for a framework or agent that is
    /// gone or disconnected since goes straight back. What was decided for an agent before it was added to
    /// the allocator afresh (it registered again meanwhile) is dropped: the allocator has forgotten it, and
    /// offering it would offer what the agent's tasks now hold.
    /// </summary>
    private void OnResourcesOffered(ResourcesOffered offered)
    {
        foreach (var group in offered.Offers.GroupBy(a => a.FrameworkId))
        {
            _frameworks.TryGetValue(group.Key, out var framework);
            var offers = new List<Offer>();
            foreach (var allocation in group)
            {
                if (_agents.TryGetValue(allocation.AgentId, out var known) && known.AddedInBatch > offered.AfterBatch) continue;
                if (framework is { Connected: true } && _agents.TryGetValue(allocation.AgentId, out var agent) && agent is { Connected: true, Reachable: true })
                {
                    offers.Add(MakeOffer(framework, agent, allocation));
                }
                else
                {
                    TellAllocator(new ResourcesRecovered(allocation.FrameworkId, allocation.AgentId, allocation.Role, allocation.Resources, null));
                }
            }
            if (offers.Count == 0) continue;
            framework!.Metrics.Offers(FrameworkMetrics.OffersSent, offers.Count);
            SendToFramework(framework, new Event { Type = Event.Types.Type.Offers, Offers = new Event.Types.Offers { Offers_ = { offers } } });
        }
    }

    private Offer MakeOffer(FrameworkState framework, AgentState agent, Allocator.Allocation allocation)
    {
        var resources = allocation.Resources.AllocatedTo(allocation.Role);
        var offer = new Offer
        {
            Id = _ids.NextOfferId(),
            FrameworkId = framework.Id,
            AgentId = agent.Id,
            Hostname = agent.Info.Hostname,
            AllocationInfo = new Resource.Types.AllocationInfo { Role = allocation.Role },
        };
        offer.Resources.AddRange(resources.ToProtos());
        offer.Attributes.AddRange(agent.Info.Attributes);
        _offers.Add(new OutstandingOffer(offer, resources, allocation.Role));
        if (_settings.OfferTimeout is { } timeout) Timers.StartSingleTimer(OfferBook.TimerKey(offer.Id.Value), new OfferTimedOut(offer.Id.Value), timeout);
        return offer;
    }

    private void RescindOffers(FrameworkState framework)
    {
        foreach (var offer in _offers.OfFramework(framework.Id.Value)) Rescind(offer);
    }

    private void RescindOffers(AgentState agent)
    {
        foreach (var offer in _offers.OnAgent(agent.Id.Value)) Rescind(offer);
    }

    private void Rescind(OutstandingOffer offer)
    {
        RemoveOffer(offer.Offer.Id.Value);
        if (_frameworks.TryGetValue(offer.FrameworkId, out var framework))
        {
            framework.Metrics.Offers(FrameworkMetrics.OffersRescinded, 1);
            SendToFramework(framework, new Event { Type = Event.Types.Type.Rescind, Rescind = new Event.Types.Rescind { OfferId = offer.Offer.Id } });
        }
        TellAllocator(offer.Recovered(null));
    }

    private void RemoveOffer(string offerId)
    {
        _offers.Remove(offerId);
        Timers.Cancel(OfferBook.TimerKey(offerId));
    }

    private string? Decline(FrameworkState framework, Call.Types.Decline decline)
    {
        foreach (var offerId in decline.OfferIds)
        {
            if (_offers.Find(offerId.Value) is not { } offer || offer.FrameworkId != framework.Id.Value) continue;
            RemoveOffer(offerId.Value);
            framework.Metrics.Offers(FrameworkMetrics.OffersDeclined, 1);
            var refuseSeconds = RefuseSeconds.Of(decline.Filters);
            RememberDecline(offer, refuseSeconds);
            TellAllocator(offer.Recovered(refuseSeconds));
        }
        return null;
    }
}
