using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http;
using Akka.Actor;
using Akka.Configuration;
using Mesos.Actors.Protocol;
using Mesos.Actors.Settings;
using Mesos.Host.Agent;
using Mesos.V1;
using Microsoft.Extensions.Logging;

namespace Mesos.Benchmarks.Simulation;

/// <summary>
/// Many <see cref="ProtocolAgent"/>s in one process, each with its own link to the masters (the agent's
/// <see cref="HttpMasterLink"/>: it finds the leader through /master/redirect and follows it), all links
/// sharing two connection pools: each agent's event stream holds a connection of one, and every other
/// request (where the leader is, status updates, acknowledgements) queues for one of a bounded number of
/// the other. The process and the leading master so need about one socket per agent, not two or more:
/// the machine allows 20,000 open files a process, and ten thousand agents that all lose their leader at
/// once would otherwise open a connection each for their questions. <see cref="Subscriptions"/> counts
/// which master each agent last subscribed with.
/// </summary>
internal sealed class ProtocolAgents : IAsyncDisposable
{
    private readonly ActorSystem _system;
    // Kestrel serves HTTP/2 without TLS only on an endpoint that speaks nothing else (it cannot tell the two
    // apart on one cleartext port), and the master's must serve HTTP/1.1 to curl and Mesos' own agents: one
    // HTTP/1.1 connection per stream, and calls multiplexed over a pool instead.
    private const int CallConnectionsPerMaster = 128;

    private readonly SocketsHttpHandler _streams = new() { AllowAutoRedirect = false, ConnectCallback = KeepAliveConnections.Connect };
    private readonly SocketsHttpHandler _calls = new()
    {
        AllowAutoRedirect = false,
        ConnectCallback = KeepAliveConnections.Connect,
        MaxConnectionsPerServer = CallConnectionsPerMaster,
    };
    private readonly List<HttpMasterLink> _links = [];

    public ProtocolAgents(IReadOnlyList<string> masters, int count, string resources)
    {
        _system = ActorSystem.Create("protocol-agents", ReferenceConfig.WithDefaults(ConfigurationFactory.ParseString(
            "akka.loglevel = ERROR\nakka.log-dead-letters = off")));
        var random = new Random(1);
        var total = Mesos.Actors.Protocol.Resources.Parse(resources).ToProtos();
        for (var i = 0; i < count; i++)
        {
            var info = new AgentInfo { Hostname = $"sim-{i}", Port = 40_000 + i % 20_000 };
            info.Resources.AddRange(total);
            var link = new HttpMasterLink(masters, new Subscriptions.LinkLog($"agent-{i}", Subscriptions), _streams, _calls);
            _links.Add(link);
            _system.ActorOf(ProtocolAgent.Props(info, link, new Random(random.Next()), Subscriptions), $"agent-{i}");
        }
    }

    public Subscriptions Subscriptions { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await _system.Terminate();
        foreach (var link in _links) await link.DisposeAsync();
        _streams.Dispose();
        _calls.Dispose();
    }
}

/// <summary>
/// Which master (by id) each simulated agent last subscribed with, counted by master, and what each agent last
/// saw of its link and its master, so that a run whose agents do not all come back can say where they stand.
/// </summary>
internal sealed class Subscriptions
{
    private readonly ConcurrentDictionary<string, int> _agents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string What, DateTime When)> _seen = new(StringComparer.Ordinal);

    /// <summary>Agent <paramref name="agent"/> (its actor's name) saw <paramref name="what"/>.</summary>
    public void Saw(string agent, string what) => _seen[agent] = (what, DateTime.UtcNow);

    private readonly ConcurrentDictionary<string, (string What, DateTime When)> _links = new(StringComparer.Ordinal);

    /// <summary>The link of agent <paramref name="agent"/> logged <paramref name="what"/>.</summary>
    public void LinkSaid(string agent, string what) => _links[agent] = (what, DateTime.UtcNow);

    /// <summary>
    /// Where the agents stand that did not last subscribe with <paramref name="master"/>: a count and the latest time for each
    /// thing last seen, and what their links last logged.
    /// </summary>
    public IEnumerable<string> NotWith(string? master)
    {
        var behind = _seen.Where(s => s.Value.What != $"subscribed with {master}").ToList();
        var agents = behind.GroupBy(s => s.Value.What).OrderByDescending(g => g.Count())
            .Select(g => $"{g.Count()} agents last {g.Key} (latest at {g.Max(s => s.Value.When):HH:mm:ss.fff}, e.g. {g.First().Key})");
        var links = behind.Select(s => (Agent: s.Key, Said: _links.TryGetValue(s.Key, out var said) ? said : ("nothing", DateTime.MinValue)))
            .GroupBy(s => s.Said.Item1).OrderByDescending(g => g.Count())
            .Select(g => $"{g.Count()} of their links last logged: {g.Key} (latest at {g.Max(s => s.Said.Item2):HH:mm:ss.fff}, e.g. {g.First().Agent})");
        return agents.Concat(links);
    }

    /// <summary>An agent's link's log: its last line, kept for <see cref="NotWith"/>.</summary>
    internal sealed class LinkLog(string agent, Subscriptions subscriptions) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            subscriptions.LinkSaid(agent, formatter(state, exception));
    }

    private readonly ConcurrentDictionary<string, ConcurrentQueue<long>> _arrivals = new(StringComparer.Ordinal);

    /// <summary>An agent that was subscribed with <paramref name="previous"/> (null: none yet) subscribed with <paramref name="master"/>.</summary>
    public void Moved(string? previous, string master)
    {
        if (previous == master) return;
        if (previous is not null) _agents.AddOrUpdate(previous, 0, (_, n) => n - 1);
        _agents.AddOrUpdate(master, 1, (_, n) => n + 1);
        _arrivals.GetOrAdd(master, _ => new ConcurrentQueue<long>()).Enqueue(Stopwatch.GetTimestamp());
    }

    /// <summary>
    /// When the given shares (0 to 1) of the agents that moved to <paramref name="master"/> had subscribed with it, after
    /// <paramref name="since"/> (a <see cref="Stopwatch"/> timestamp): whether they came back at a steady rate or all at the end.
    /// </summary>
    public IReadOnlyList<TimeSpan> Arrived(string master, long since, params double[] shares)
    {
        var arrivals = _arrivals.TryGetValue(master, out var queue) ? queue.Order().ToList() : [];
        return arrivals.Count == 0 ? [] :
            [.. shares.Select(share => Stopwatch.GetElapsedTime(since, arrivals[Math.Min(arrivals.Count - 1, (int)Math.Ceiling(share * arrivals.Count) - 1)]))];
    }

    /// <summary>The master most agents subscribed with, and how many did.</summary>
    public (string? Master, int Agents) Most() =>
        _agents.IsEmpty ? (null, 0) : _agents.MaxBy(pair => pair.Value) is var (master, agents) ? (master, agents) : (null, 0);
}
