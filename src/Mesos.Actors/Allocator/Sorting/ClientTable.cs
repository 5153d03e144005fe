using Mesos.Actors.Allocator.State;

namespace Mesos.Actors.Allocator.Sorting;

/// <summary>
/// Every <see cref="SorterClient"/> by a small id, reused after removal. Offer filters are looked up
/// by that id, and a reused id starts with a higher filter generation, so no filter outlives its client.
/// </summary>
internal sealed class ClientTable
{
    private readonly List<SorterClient?> _clients = [];
    private readonly List<int> _generations = [];
    private readonly Stack<int> _free = new();

    public DrfKeys Keys { get; } = new();

    /// <summary>One more than the highest id ever given.</summary>
    public int Capacity => _clients.Count;

    public SorterClient? this[int id] => _clients[id];

    public SorterClient Create(AllocatorFramework framework, RoleNode role)
    {
        var id = _free.Count > 0 ? _free.Pop() : _clients.Count;
        if (id == _clients.Count)
        {
            _clients.Add(null);
            _generations.Add(0);
        }

        var client = new SorterClient(id, framework, role, ++_generations[id]);
        _clients[id] = client;
        Keys.Set(id, framework.Id);
        return client;
    }

    public void Free(SorterClient client)
    {
        _generations[client.Id] = client.FilterGeneration;
        _clients[client.Id] = null;
        _free.Push(client.Id);
    }

    public IEnumerable<SorterClient> All()
    {
        foreach (var client in _clients)
        {
            if (client is not null) yield return client;
        }
    }
}
