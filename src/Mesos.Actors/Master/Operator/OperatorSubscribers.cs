using System.Threading.Channels;
using Mesos.V1.Master;

namespace Mesos.Actors.Master.Operator;

/// <summary>
/// The open operator event streams, oldest first. Writing never waits: a stream whose buffer is full
/// is closed and forgotten, so that a slow reader cannot hold the master back; it may subscribe again
/// for a fresh snapshot. Beyond the maximum, the oldest stream is closed, as Mesos does.
/// </summary>
internal sealed class OperatorSubscribers
{
    private readonly int _max;
    private readonly OrderedDictionary<string, ChannelWriter<Event>> _streams = [];

    public OperatorSubscribers(int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        _max = max;
    }

    public int Count => _streams.Count;

    /// <summary>Adds a stream; returns the ids of the oldest streams closed to make room.</summary>
    public IReadOnlyList<string> Add(string id, ChannelWriter<Event> events)
    {
        var evicted = new List<string>();
        while (_streams.Count >= _max)
        {
            var oldest = _streams.GetAt(0).Key;
            Remove(oldest);
            evicted.Add(oldest);
        }
        _streams.Add(id, events);
        return evicted;
    }

    /// <summary>Writes to one stream; false if it is unknown or was closed because it is full.</summary>
    public bool Send(string id, Event e)
    {
        if (!_streams.TryGetValue(id, out var events)) return false;
        if (events.TryWrite(e)) return true;
        Remove(id);
        return false;
    }

    /// <summary>Writes to every stream; returns the ids of those closed because they are full.</summary>
    public IReadOnlyList<string> Publish(Event e)
    {
        List<string>? dropped = null;
        foreach (var (id, events) in _streams)
        {
            if (!events.TryWrite(e)) (dropped ??= []).Add(id);
        }
        foreach (var id in dropped ?? []) Remove(id);
        return dropped ?? (IReadOnlyList<string>)[];
    }

    /// <summary>Closes a stream: its reader gets what is already queued, then the end.</summary>
    public void Remove(string id)
    {
        if (_streams.Remove(id, out var events)) events.TryComplete();
    }

    /// <summary>Closes every stream, as when the master stops.</summary>
    public void RemoveAll()
    {
        foreach (var id in _streams.Keys.ToList()) Remove(id);
    }
}
