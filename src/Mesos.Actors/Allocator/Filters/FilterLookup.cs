using Mesos.Actors.Allocator.Compact;
using Mesos.Actors.Allocator.Sorting;

namespace Mesos.Actors.Allocator.Filters;

/// <summary>
/// Answers "is this offer filtered for this client?" while one agent is being allocated. Loading the
/// agent's filters indexes them by client id in a dense array (dropping expired and stale ones on the
/// way), so a check is an array read; the answer for a refused bundle is remembered per candidate offer.
/// </summary>
internal sealed class FilterLookup
{
    private int[] _head = [];
    private AgentFilters? _loaded;

    /// <summary>When the first of the loaded filters expires.</summary>
    public long FirstExpiry { get; private set; }

    public void Load(AgentFilters filters, long now, ClientTable clients)
    {
        if (_head.Length < clients.Capacity)
        {
            var grown = new int[Math.Max(clients.Capacity, _head.Length * 2)];
            Array.Fill(grown, -1);
            _head = grown;
        }

        FirstExpiry = long.MaxValue;
        var i = 0;
        while (i < filters.Count)
        {
            ref var filter = ref filters.Items[i];
            var client = clients[filter.Client];
            if (now >= filter.ExpiresAt || client is null || client.FilterGeneration != filter.Generation)
            {
                filters.RemoveAt(i);
                continue;
            }

            FirstExpiry = Math.Min(FirstExpiry, filter.ExpiresAt);
            filter.Next = _head[filter.Client];
            _head[filter.Client] = i++;
        }

        _loaded = filters;
    }

    public void Unload()
    {
        if (_loaded is null) return;
        foreach (ref readonly var filter in _loaded.Items) _head[filter.Client] = -1;
        _loaded = null;
    }

    /// <param name="stamp">Tells candidate offers apart: an answer remembered for another stamp does not count.</param>
    public bool IsFiltered(int client, ReadOnlySpan<Amount> offer, long stamp)
    {
        var items = _loaded!.Items;
        for (var i = _head[client]; i >= 0; i = items[i].Next)
        {
            var refused = items[i].Refused;
            if (refused.CoverStamp != stamp)
            {
                refused.CoveredCandidate = Bundle.Contains(refused.Amounts, offer);
                refused.CoverStamp = stamp;
            }

            if (refused.CoveredCandidate) return true;
        }

        return false;
    }
}
