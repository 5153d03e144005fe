namespace Mesos.Actors.Master.Offers;

/// <summary>
/// The offers outstanding: made, and not yet accepted, declined, rescinded or timed out. Kept by id,
/// and by framework and by agent, whose offers are rescinded together. An offer's timeout is a timer
/// of the master's, keyed by <see cref="TimerKey"/>.
/// </summary>
internal sealed class OfferBook
{
    private readonly Dictionary<string, OutstandingOffer> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, OutstandingOffer>> _byFramework = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, OutstandingOffer>> _byAgent = new(StringComparer.Ordinal);

    /// <summary>The key of the offer's timeout timer.</summary>
    public static (string, string) TimerKey(string offerId) => ("offer", offerId);

    public OutstandingOffer? Find(string offerId) => _byId.GetValueOrDefault(offerId);

    public void Add(OutstandingOffer offer)
    {
        _byId.Add(offer.Id, offer);
        Index(_byFramework, offer.FrameworkId).Add(offer.Id, offer);
        Index(_byAgent, offer.AgentId).Add(offer.Id, offer);
    }

    /// <summary>Takes the offer out of the book; false when it was not there.</summary>
    public bool Remove(string offerId)
    {
        if (!_byId.Remove(offerId, out var offer)) return false;
        Unindex(_byFramework, offer.FrameworkId, offerId);
        Unindex(_byAgent, offer.AgentId, offerId);
        return true;
    }

    /// <summary>Every outstanding offer, as a copy that stays whole while offers are removed.</summary>
    public IReadOnlyList<OutstandingOffer> All() => [.. _byId.Values];

    public IReadOnlyList<OutstandingOffer> OfFramework(string frameworkId) =>
        _byFramework.TryGetValue(frameworkId, out var offers) ? [.. offers.Values] : [];

    public IReadOnlyList<OutstandingOffer> OnAgent(string agentId) =>
        _byAgent.TryGetValue(agentId, out var offers) ? [.. offers.Values] : [];

    private static Dictionary<string, OutstandingOffer> Index(Dictionary<string, Dictionary<string, OutstandingOffer>> index, string key)
    {
        if (!index.TryGetValue(key, out var offers)) index[key] = offers = new(StringComparer.Ordinal);
        return offers;
    }

    private static void Unindex(Dictionary<string, Dictionary<string, OutstandingOffer>> index, string key, string offerId)
    {
        if (index.TryGetValue(key, out var offers) && offers.Remove(offerId) && offers.Count == 0) index.Remove(key);
    }
}
