using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Mesos.Actors.Cluster;
using Mesos.Actors.Runtime;
using Mesos.Host.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Mesos.Host.Tests.Cluster;

/// <summary>
/// One master's Raft server as it will run in production: its own actor system, RaftNode, SQLite file, HTTP client
/// transport, and a Kestrel server on a loopback port with <c>MapRaft</c>.
/// </summary>
internal sealed class RaftTestServer : IAsyncDisposable
{
    private readonly ActorSystem _system;
    private readonly WebApplication _web;
    private readonly SqliteRaftStorage _storage;
    private readonly HttpRaftTransport _transport;

    private RaftTestServer(string self, ActorSystem system, WebApplication web, SqliteRaftStorage storage, HttpRaftTransport transport,
        IActorRef node, ListStateMachine machine, Channel<object> events)
    {
        Self = self;
        _system = system;
        _web = web;
        _storage = storage;
        _transport = transport;
        Node = node;
        Machine = machine;
        Events = events;
    }

    public string Self { get; }
    public IActorRef Node { get; }
    public ListStateMachine Machine { get; }

    /// <summary>BecameLeader and LostLeadership, in the order published.</summary>
    public Channel<object> Events { get; }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<RaftTestServer> StartAsync(string self, IReadOnlyList<string> members, string directory)
    {
        var system = ActorSystem.Create($"raft-{self.Replace(':', '-').Replace('.', '-')}");
        var storage = new SqliteRaftStorage(Path.Combine(directory, "raft.db"));
        var transport = new HttpRaftTransport();
        var machine = new ListStateMachine();
        var events = Channel.CreateUnbounded<object>();
        var listener = system.ActorOf(Props.Create(() => new EventForwarder(events.Writer)));
        system.EventStream.Subscribe(listener, typeof(BecameLeader));
        system.EventStream.Subscribe(listener, typeof(LostLeadership));
        var settings = new RaftNodeSettings { Self = self, InitialMembers = members, SnapshotEvery = 64 };
        var node = system.ActorOf(RaftNode.CreateProps(settings, storage, transport, machine), "raft");

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var port = int.Parse(self[(self.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        var web = builder.Build();
        web.MapRaft(node, self);
        await web.StartAsync();
        return new RaftTestServer(self, system, web, storage, transport, node, machine, events);
    }

    /// <summary>Stops everything at once, as a crash of the process would (the SQLite file keeps what was synced).</summary>
    public async ValueTask DisposeAsync()
    {
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2))) await _web.StopAsync(stop.Token);
        await _web.DisposeAsync();
        await _system.Terminate();
        _transport.Dispose();
        _storage.Dispose();
    }

    private sealed class EventForwarder : ReceiveActor
    {
        public EventForwarder(ChannelWriter<object> events) => ReceiveAny(e => events.TryWrite(e));
    }
}

/// <summary>Records applied commands; tests wait for a count with a deadline.</summary>
internal sealed class ListStateMachine : IRaftStateMachine
{
    private readonly Lock _lock = new();
    private readonly List<string> _applied = [];
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];

    public IReadOnlyList<string> Applied
    {
        get
        {
            lock (_lock) return _applied.ToArray();
        }
    }

    public Task WhenCount(int count)
    {
        lock (_lock)
        {
            if (_applied.Count >= count) return Task.CompletedTask;
            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, waiter));
            return waiter.Task;
        }
    }

    public void Apply(LogEntry entry)
    {
        if (entry.Type != EntryType.Command) return;
        lock (_lock)
        {
            _applied.Add(System.Text.Encoding.UTF8.GetString(entry.Data));
            Notify();
        }
    }

    public byte[] TakeSnapshot()
    {
        lock (_lock) return System.Text.Encoding.UTF8.GetBytes(string.Join('\n', _applied));
    }

    public void Restore(RaftSnapshot snapshot)
    {
        lock (_lock)
        {
            _applied.Clear();
            if (snapshot.Data.Length > 0) _applied.AddRange(System.Text.Encoding.UTF8.GetString(snapshot.Data).Split('\n'));
            Notify();
        }
    }

    private void Notify()
    {
        foreach (var waiter in _waiters.Where(w => _applied.Count >= w.Count).ToList())
        {
            waiter.Reached.TrySetResult();
            _waiters.Remove(waiter);
        }
    }
}
