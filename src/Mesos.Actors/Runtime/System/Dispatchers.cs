using System.Collections.Concurrent;

namespace Mesos.Actors.Runtime;

/// <summary>The system's dispatchers by id, created on first use from <c>mesos.actor.dispatchers</c>.</summary>
internal sealed class Dispatchers(ActorSettings settings, MessageDispatcher? forced)
{
    private readonly ConcurrentDictionary<string, Lazy<MessageDispatcher>> _dispatchers = new();

    public MessageDispatcher Lookup(string id) =>
        forced ?? _dispatchers.GetOrAdd(id, key => new Lazy<MessageDispatcher>(() => Create(key))).Value;

    public void Shutdown()
    {
        foreach (var dispatcher in _dispatchers.Values.Where(d => d.IsValueCreated)) dispatcher.Value.Shutdown();
    }

    private MessageDispatcher Create(string id)
    {
        if (!settings.Dispatchers.TryGetValue(id, out var s))
        {
            throw new ArgumentException($"No dispatcher '{id}' is configured under mesos.actor.dispatchers.");
        }
        return s.Type switch
        {
            DispatcherSettings.ThreadPool => new ThreadPoolDispatcher(id, s.Throughput),
            DispatcherSettings.DedicatedThreads => new DedicatedThreadDispatcher(id, s.Throughput, s.ThreadCount),
            _ => throw new ArgumentException($"Dispatcher '{id}' has unknown type '{s.Type}' (expected {DispatcherSettings.ThreadPool} or {DispatcherSettings.DedicatedThreads})."),
        };
    }
}
